import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { StderrTail } from '../video/sources/StderrTail.ts';
import { pause, recordingFileBegun } from './recordingFileBegun.ts';
import { finishFfmpegWriter, spawnFfmpegWriter, type FfmpegExit } from './spawnFfmpegWriter.ts';
import type { VideoFrame } from '../video/VideoFrame.ts';
import { i420Size } from '../video/VideoFrame.ts';
import type { FrameFeed } from './FrameFeed.ts';
import { FramePacer } from './FramePacer.ts';
import { h264RecordingArgs } from './h264RecordingArgs.ts';
import { scaleI420 } from './scaleI420.ts';

export interface RecorderOptions {
  feed: FrameFeed;
  /** Where the fragmented MP4 goes (a partial file until someone finalizes it). */
  file: string;
  /** The recording's frame rate; default the feed's. */
  fps?: number;
  ffmpegPath?: string;
  /** How long start() waits for a frame and for ffmpeg to begin the file; default 5 s. */
  startTimeoutMs?: number;
  /** Monotonic milliseconds; replaceable for tests. */
  now?: () => number;
}

export interface RecorderResult {
  width: number;
  height: number;
  fps: number;
  /** Frames given to the encoder (repeats included): the recording's length in frames. */
  framesWritten: number;
  /** Frames the encoder fell too far behind for (the video is that much shorter than the time recorded). */
  framesDropped: number;
  /** Slots the encoder fell behind on, filled by repeating a later frame (cheap to encode) so the length stays true. */
  framesRepeated: number;
  /** How ffmpeg ended: on its own after the end of input, or killed because it would not. */
  ending: 'finished' | 'killed' | 'failed';
}

export interface RecorderEvents {
  /** The encoder died on its own: what is in the file so far is all there is. */
  failed: [Error];
}

/**
 * Records any frame feed to H.264 through ffmpeg, at the feed's real frame rate: frames are
 * paced onto a constant-rate timeline by their arrival time (a late frame is repeated, a surplus
 * one dropped), so a minute of recording plays for a minute.
 */
export class Recorder extends EventEmitter<RecorderEvents> {
  private child: ChildProcess | undefined;
  private readonly stderr = new StderrTail(10);
  private readonly pacer: FramePacer;
  private size: { width: number; height: number } | undefined;
  private written = 0;
  private dropped = 0;
  private repeated = 0;
  /** Frame slots skipped while the encoder was behind, still to be filled. */
  private owed = 0;
  private last: Uint8Array | undefined;
  private stopping = false;
  private exited: Promise<FfmpegExit> | undefined;
  private readonly now: () => number;
  private readonly onFrame = (frame: VideoFrame): void => this.write(frame);

  constructor(private readonly options: RecorderOptions) {
    super();
    this.pacer = new FramePacer(options.fps ?? options.feed.format.fps);
    this.now = options.now ?? (() => performance.now());
  }

  get fps(): number {
    return this.pacer.fps;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get framesWritten(): number {
    return this.written;
  }

  /** How long the recording is so far (slots still owed included: they will be filled). */
  get durationMs(): number {
    return Math.round(((this.written + this.owed) * 1000) / this.pacer.fps);
  }

  get resolution(): { width: number; height: number } | undefined {
    return this.size;
  }

  /** Resolves once the first frame went in and ffmpeg has begun the file; rejects with why not. */
  async start(): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 5000;
    const deadline = this.now() + timeoutMs;
    this.options.feed.on('frame', this.onFrame);
    try {
      while (!this.child) {
        if (this.now() > deadline) throw new Error(`no video to record: ${this.options.feed.description} sent no frame within ${timeoutMs / 1000} s`);
        await pause(20);
      }
      // ffmpeg writes the file's header once its encoder runs: that proves the recording works.
      const exit = await recordingFileBegun(this.options.file, this.exited!, () => {
        if (this.now() > deadline) throw new Error(`ffmpeg did not begin the recording within ${timeoutMs / 1000} s${this.tail()}`);
      });
      if (exit) throw this.failure(exit);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Ends the input and waits for ffmpeg to finish the file (killing it if it hangs). */
  async stop(graceMs = 10_000): Promise<RecorderResult> {
    this.options.feed.off('frame', this.onFrame);
    const child = this.child;
    const size = this.size ?? { width: 0, height: 0 };
    const result = (ending: RecorderResult['ending']): RecorderResult => ({ ...size, fps: this.pacer.fps, framesWritten: this.written, framesDropped: this.dropped, framesRepeated: this.repeated, ending });
    if (!child || !this.exited) return result('failed');
    this.stopping = true;
    // Slots still owed are filled with the last picture, so the file lasts as long as the recording did.
    if (this.last && child.stdin && !child.stdin.destroyed) {
      this.put(child.stdin, this.last, this.owed);
      this.repeated += this.owed;
    } else this.dropped += this.owed;
    this.owed = 0;
    return result(await finishFfmpegWriter(child, this.exited, graceMs));
  }

  private write(frame: VideoFrame): void {
    if (this.stopping) return;
    if (!this.child) this.launch(frame);
    const child = this.child;
    const size = this.size;
    if (!child?.stdin || !size || child.stdin.destroyed) return;
    const copies = this.pacer.copiesFor(this.now());
    if (copies === 0) return;
    const frameBytes = i420Size(size.width, size.height);
    const fps = this.pacer.fps;
    // More than a second queued: the encoder is behind. The slots are owed rather than lost, and
    // memory stays bounded; at most two seconds are owed before frames are really dropped.
    if (child.stdin.writableLength > frameBytes * fps) {
      this.owed += copies;
      const cap = Math.ceil(fps * 2);
      if (this.owed > cap) {
        this.dropped += this.owed - cap;
        this.owed = cap;
      }
      return;
    }
    const data = frame.width === size.width && frame.height === size.height ? frame.data : scaleI420(frame, size.width, size.height);
    // Repeats of this frame pay what is owed, half a second's worth at a time.
    const repeats = Math.min(this.owed, Math.ceil(fps / 2));
    this.owed -= repeats;
    this.repeated += repeats;
    this.put(child.stdin, data, copies + repeats);
    this.last = data;
  }

  private put(stdin: NonNullable<ChildProcess['stdin']>, data: Uint8Array, times: number): void {
    for (let i = 0; i < times; i++) stdin.write(data);
    this.written += times;
  }

  private launch(first: VideoFrame): void {
    this.size = { width: first.width, height: first.height };
    const args = h264RecordingArgs({ ...this.size, fps: this.pacer.fps, file: this.options.file });
    const { child, exited } = spawnFfmpegWriter(this.options.ffmpegPath ?? 'ffmpeg', args, this.stderr);
    this.child = child;
    this.exited = exited;
    void this.exited.then((exit) => {
      if (this.stopping) return;
      this.options.feed.off('frame', this.onFrame);
      this.emit('failed', this.failure(exit));
    });
  }

  private failure(exit: { code: number | null; signal: NodeJS.Signals | null }): Error {
    const status = exit.code !== null ? `exit code ${exit.code}` : `killed by ${exit.signal}`;
    return new Error(`the H.264 encoder (ffmpeg) stopped (${status})${this.tail()}`);
  }

  private tail(): string {
    const text = this.stderr.text();
    return text ? `: ${text}` : '';
  }

  private async abort(): Promise<void> {
    this.options.feed.off('frame', this.onFrame);
    this.stopping = true;
    this.child?.kill('SIGKILL');
    await this.exited;
  }
}
