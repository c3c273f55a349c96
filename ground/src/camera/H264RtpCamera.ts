import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { TestPatternSource } from '../video/sources/TestPatternSource.ts';
import { StderrTail } from '../video/sources/StderrTail.ts';
import { stopChildProcess } from '../video/sources/stopChildProcess.ts';
import { h264RtpArgs, type H264RtpOptions } from './h264RtpArgs.ts';

export interface H264RtpCameraEvents {
  /** ffmpeg ended on its own: the reason, with its last stderr lines. */
  failed: [Error];
}

/**
 * A simulated drone camera: the stamped test pattern, encoded by ffmpeg's libx264 and sent as
 * H.264 RTP, as a companion computer sends its camera (or, with container 'mpegts', the same H.264
 * in MPEG-TS over UDP, as cameras send to players that take no SDP). The stamp (capture time,
 * frame number) survives the encode, so whoever receives it can measure latency and count frames.
 */
export class H264RtpCamera extends EventEmitter<H264RtpCameraEvents> {
  private readonly source: TestPatternSource;
  private child: ChildProcess | undefined;
  private readonly stderr = new StderrTail();
  private stopping = false;
  /** Frames dropped because ffmpeg was not keeping up (a camera drops, it does not queue). */
  dropped = 0;
  sent = 0;

  constructor(
    private readonly options: H264RtpOptions & { ffmpeg: string; clock?: () => number },
  ) {
    super();
    this.source = new TestPatternSource({ format: options.format, ...(options.clock ? { clock: options.clock } : {}) });
  }

  async start(): Promise<void> {
    const child = spawn(this.options.ffmpeg, h264RtpArgs(this.options), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    // A write after ffmpeg died fails with EPIPE: the exit below says why.
    child.stdin?.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`ffmpeg not found (${this.options.ffmpeg}): apt-get install ffmpeg`) : error),
      );
    });
    child.once('close', (code, signal) => {
      if (this.stopping) return;
      void this.source.stop();
      const tail = this.stderr.text();
      this.emit('failed', new Error(`ffmpeg stopped (${code !== null ? `exit code ${code}` : signal}) while sending H.264${tail ? `:\n${tail}` : ''}`));
    });
    let backedUp = false;
    this.source.on('frame', (frame) => {
      const stdin = child.stdin;
      if (!stdin || stdin.destroyed) return;
      if (backedUp) {
        this.dropped++;
        return;
      }
      this.sent++;
      if (!stdin.write(frame.data)) {
        backedUp = true;
        stdin.once('drain', () => (backedUp = false));
      }
    });
    await this.source.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.source.stop();
    const child = this.child;
    if (!child) return;
    child.stdin?.end();
    await stopChildProcess(child);
  }
}
