import { EventEmitter } from 'node:events';
import type { VideoFormat } from '../VideoFrame.ts';
import { i420Size } from '../VideoFrame.ts';
import type { VideoSource, VideoSourceEvents } from '../VideoSource.ts';
import { checkFfmpegInput } from './checkFfmpegInput.ts';
import { ffmpegArgs } from './ffmpegArgs.ts';
import { describeFfmpegInput, type FfmpegInput } from './ffmpegInput.ts';
import { describeExitStatus, FfmpegProcess, type FfmpegExit } from './FfmpegProcess.ts';
import { assertValidVideoFormat, defaultVideoFormat } from './videoFormatRules.ts';

export interface FfmpegSourceOptions {
  input: FfmpegInput;
  /** What ffmpeg scales and paces the input to; default 640x480@30. */
  format?: VideoFormat;
  /** Milliseconds on the SFU's clock, read when each frame is complete; default Date.now. */
  clock?: () => number;
  /** How long start() waits for the first frame; default 10 s. */
  startTimeoutMs?: number;
  /** Once running, how long without a frame before the source reports an error; default 10 s. */
  stallTimeoutMs?: number;
  /** Default "ffmpeg" (looked up on PATH). */
  ffmpegPath?: string;
  /** Between SIGTERM and SIGKILL when stopping ffmpeg; default 2 s. */
  killGraceMs?: number;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * Video through ffmpeg: a V4L2 camera, a camera's or drone's network stream, or a looped file,
 * converted by ffmpeg to exactly the requested size and rate as raw I420.
 * Listen for 'error': it reports a failure after start (ffmpeg died, the stream stalled), followed by 'end'.
 */
export class FfmpegSource extends EventEmitter<VideoSourceEvents> implements VideoSource {
  readonly description: string;
  private currentFormat: VideoFormat;
  private readonly input: FfmpegInput;
  private readonly clock: () => number;
  private readonly startTimeoutMs: number;
  private readonly stallTimeoutMs: number;
  private readonly ffmpegPath: string;
  private readonly killGraceMs: number;
  /** The ffmpeg whose frames we emit; any other one is being stopped or replaced. */
  private ffmpeg: FfmpegProcess | undefined;
  private starting: Promise<void> | undefined;
  /** Frames are flowing (a first frame arrived since start). */
  private running = false;
  /** Bumped by stop(), so a start or restart in progress knows it was cancelled. */
  private generation = 0;
  private frameNumber = 0;
  private stallTimer: NodeJS.Timeout | undefined;
  private formatChanges: Promise<void> = Promise.resolve();

  constructor(options: FfmpegSourceOptions) {
    super();
    const format = options.format ?? defaultVideoFormat;
    assertValidVideoFormat(format);
    this.currentFormat = { ...format };
    this.input = options.input;
    this.description = describeFfmpegInput(options.input);
    this.clock = options.clock ?? Date.now;
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 10_000;
    this.ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
    this.killGraceMs = options.killGraceMs ?? 2000;
  }

  get format(): VideoFormat {
    return { ...this.currentFormat };
  }

  /** The running ffmpeg's process id, if any (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.ffmpeg?.pid;
  }

  /** Resolves at the first frame. Calling it again while starting or running returns the same promise. */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    this.frameNumber = 0;
    const starting = this.launch(this.currentFormat, this.generation).catch((error: unknown) => {
      if (this.starting === starting) this.starting = undefined;
      throw error;
    });
    this.starting = starting;
    return starting;
  }

  async stop(): Promise<void> {
    this.generation++;
    const ffmpeg = this.ffmpeg;
    const wasRunning = this.running;
    this.ffmpeg = undefined;
    this.starting = undefined;
    this.running = false;
    this.clearStallTimer();
    if (ffmpeg) await ffmpeg.stop();
    if (wasRunning) this.emit('end');
  }

  /** Restarts ffmpeg with the new format when running; rejects (and ends the source) if the restart fails. */
  async setFormat(format: VideoFormat): Promise<void> {
    assertValidVideoFormat(format);
    // One restart at a time: a second one must not kill the ffmpeg the first is waiting for.
    const change = this.formatChanges.then(() => this.applyFormat({ ...format }));
    this.formatChanges = change.catch(() => undefined);
    return change;
  }

  private async applyFormat(format: VideoFormat): Promise<void> {
    this.currentFormat = format;
    if (this.starting) await this.starting.catch(() => undefined);
    if (!this.running) return;
    const generation = this.generation;
    const old = this.ffmpeg;
    this.ffmpeg = undefined;
    this.clearStallTimer();
    if (old) await old.stop();
    try {
      await this.launch(format, generation);
    } catch (error) {
      if (generation === this.generation) {
        this.running = false;
        this.starting = undefined;
        this.emit('end');
      }
      throw error;
    }
  }

  /** Runs ffmpeg for `format` and resolves at its first frame. */
  private async launch(format: VideoFormat, generation: number): Promise<void> {
    await checkFfmpegInput(this.input);
    if (generation !== this.generation) throw new Error(`${this.description} was stopped before its first frame`);
    const ffmpeg: FfmpegProcess = new FfmpegProcess({
      ffmpegPath: this.ffmpegPath,
      args: ffmpegArgs(this.input, format),
      frameSize: i420Size(format.width, format.height),
      label: this.description,
      killGraceMs: this.killGraceMs,
      onFrame: (data) => this.emitFrame(ffmpeg, format, data),
    });
    this.ffmpeg = ffmpeg;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const tail = ffmpeg.stderrTail();
        reject(new Error(`no video from ${this.description} within ${seconds(this.startTimeoutMs)}${tail ? `:\n${tail}` : ''}`));
      }, this.startTimeoutMs);
    });
    try {
      await Promise.race([ffmpeg.firstFrame, timeout]);
    } catch (error) {
      // Also when a frame raced the timeout: this run is over either way.
      if (this.ffmpeg === ffmpeg) {
        this.ffmpeg = undefined;
        this.running = false;
        this.clearStallTimer();
      }
      await ffmpeg.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    void ffmpeg.exited.then((exit) => this.onUnexpectedExit(ffmpeg, exit));
  }

  private emitFrame(ffmpeg: FfmpegProcess, format: VideoFormat, data: Uint8Array): void {
    if (ffmpeg !== this.ffmpeg) return;
    this.running = true;
    this.watchForStall();
    const captureTimeMs = this.clock();
    this.emit('frame', { width: format.width, height: format.height, data, captureTimeMs, frameNumber: this.frameNumber++ });
  }

  /** A live stream that stops sending leaves ffmpeg waiting forever: treat silence as a failure. */
  private watchForStall(): void {
    if (this.stallTimer) {
      this.stallTimer.refresh();
      return;
    }
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      const ffmpeg = this.ffmpeg;
      if (!ffmpeg || !this.running) return;
      this.fail(new Error(`no video from ${this.description} for ${seconds(this.stallTimeoutMs)}: the stream stalled`));
      void ffmpeg.stop();
    }, this.stallTimeoutMs);
  }

  private onUnexpectedExit(ffmpeg: FfmpegProcess, exit: FfmpegExit): void {
    if (ffmpeg !== this.ffmpeg) return;
    if (exit.code === 0) {
      // The input ended normally (a stream closed by the sender, or a file that is not looped).
      this.finish();
      this.emit('end');
      return;
    }
    const tail = exit.stderr ? `:\n${exit.stderr}` : '';
    this.fail(new Error(`ffmpeg reading ${this.description} stopped (${describeExitStatus(exit)})${tail}`));
  }

  private fail(error: Error): void {
    this.finish();
    this.emit('error', error);
    this.emit('end');
  }

  private finish(): void {
    this.ffmpeg = undefined;
    this.starting = undefined;
    this.running = false;
    this.clearStallTimer();
  }

  private clearStallTimer(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }
}
