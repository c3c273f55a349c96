import { spawn, type ChildProcess } from 'node:child_process';
import { describeExitStatus, type FfmpegExit } from '../video/sources/FfmpegProcess.ts';
import { FrameAssembler } from '../video/sources/FrameAssembler.ts';
import { StderrTail } from '../video/sources/StderrTail.ts';
import { stopChildProcess } from '../video/sources/stopChildProcess.ts';
import { i420Size } from '../video/VideoFrame.ts';
import { h264DecodeArgs } from './h264DecodeArgs.ts';
import { NalType, nalUnitType } from './H264NalUnit.ts';

export interface H264DecoderOptions {
  ffmpegPath: string;
  /** The pictures' size (from the SPS): raw frames are cut from ffmpeg's output by it. */
  width: number;
  height: number;
  onFrame: (data: Uint8Array) => void;
  /** Only frames from this picture on (counting from 0) are given; default all. */
  fromPicture?: number;
  /** Between SIGTERM and SIGKILL in stop(); default 2 s. */
  killGraceMs?: number;
}

const startCode = Uint8Array.of(0, 0, 0, 1);
/**
 * Written after each access unit: ffmpeg's H.264 parser only knows a picture is complete when the
 * next one begins, and a delimiter begins one. Without it every frame waits a frame interval (measured:
 * 70 ms -> 37 ms from the camera's capture to the decoded frame at 640x480@30).
 */
const accessUnitDelimiter = Uint8Array.of(0, 0, 0, 1, NalType.accessUnitDelimiter, 0xf0);

/**
 * One ffmpeg decoding H.264 to raw I420: access units written to its stdin, frames cut from its
 * stdout. The same ffmpeg helpers as FfmpegProcess (frames, stderr tail, stopping without zombies);
 * that class keeps stdin closed, which a decoder fed from here cannot.
 */
export class H264Decoder {
  /** Always resolves, once the process is gone and its output read. */
  readonly exited: Promise<FfmpegExit>;
  private readonly child: ChildProcess;
  private readonly stderr = new StderrTail(10);
  private stopping = false;

  constructor(private readonly options: H264DecoderOptions) {
    let spawnError: Error | undefined;
    this.child = spawn(options.ffmpegPath, h264DecodeArgs({ fromPicture: options.fromPicture }), { stdio: ['pipe', 'pipe', 'pipe'] });
    const assembler = new FrameAssembler(i420Size(options.width, options.height), (data) => {
      if (!this.stopping) options.onFrame(data);
    });
    // Read stdout even while stopping: ffmpeg blocked on a full pipe would not act on SIGTERM.
    this.child.stdout?.on('data', (chunk: Buffer) => assembler.push(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    // A write after ffmpeg died fails with EPIPE: its exit says why.
    this.child.stdin?.on('error', () => undefined);
    this.child.on('error', (error) => (spawnError ??= error));
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => resolve({ code, signal, spawnError, stopped: this.stopping, stderr: this.stderr.text() })),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Bytes written but not yet taken by ffmpeg: how far behind it is. */
  get backlogBytes(): number {
    return this.child.stdin?.writableLength ?? 0;
  }

  /**
   * Writes one access unit (its NAL units, delimiters left out: one is added after it).
   * `delimit` false leaves the picture to be completed by the next write or the end of input.
   */
  write(nalUnits: readonly Uint8Array[], delimit = true): void {
    const stdin = this.child.stdin;
    if (!stdin || stdin.destroyed || this.stopping) return;
    const parts: Uint8Array[] = [];
    for (const nal of nalUnits) {
      if (nalUnitType(nal) === NalType.accessUnitDelimiter) continue;
      parts.push(startCode, nal);
    }
    if (delimit) parts.push(accessUnitDelimiter);
    stdin.write(Buffer.concat(parts));
  }

  /** Ends the input: ffmpeg decodes what it has and exits. */
  end(): void {
    this.child.stdin?.end();
  }

  /** Ends ffmpeg now (SIGTERM, then SIGKILL) and resolves once it is reaped. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.child.stdin?.destroy();
    await stopChildProcess(this.child, this.options.killGraceMs);
    await this.exited;
  }

  /** Why it ended, for messages: not found, or its exit status and last stderr lines. */
  static describeExit(exit: FfmpegExit, ffmpegPath: string): string {
    if (exit.spawnError) {
      const notFound = (exit.spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      return notFound ? `ffmpeg not found (${ffmpegPath}): install it with "apt-get install ffmpeg"` : `could not run ffmpeg (${ffmpegPath}): ${exit.spawnError.message}`;
    }
    return `the H.264 decoder (ffmpeg) stopped (${describeExitStatus(exit)})${exit.stderr ? `: ${exit.stderr}` : ''}`;
  }
}
