import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { RecorderEvents, RecorderResult } from '../capture/Recorder.ts';
import { StderrTail } from '../video/sources/StderrTail.ts';
import { recordingFileBegun } from '../capture/recordingFileBegun.ts';
import { finishFfmpegWriter, spawnFfmpegWriter, type FfmpegExit } from '../capture/spawnFfmpegWriter.ts';
import { isSlice, type AccessUnitSource, type H264AccessUnit } from './H264AccessUnit.ts';
import { H264ParameterSets } from './H264ParameterSets.ts';
import { MpegTsWriter } from './MpegTsWriter.ts';
import { RtpFrameRate } from './RtpFrameRate.ts';
import { RtpTimeline } from './RtpTimeline.ts';
import { streamCopyRecordingArgs } from './streamCopyRecordingArgs.ts';

export interface StreamCopyRecorderOptions {
  /** The camera's access units (the depacketizer). */
  accessUnits: AccessUnitSource;
  /** What the camera is, for messages. */
  description: string;
  /** Where the fragmented MP4 goes (a partial file until someone finalizes it). */
  file: string;
  ffmpegPath?: string;
  /** How long start() waits for a keyframe and for ffmpeg to begin the file; default 5 s. */
  startTimeoutMs?: number;
  /** Bytes ffmpeg may fall behind before pictures are dropped up to the next keyframe; default 16 MB. */
  maxBacklogBytes?: number;
}

const clockRate = 90_000;
/** PTS of the first picture: TS readers expect room before it (the PCR runs ahead of it). */
const firstPts = clockRate;

/**
 * Records a passthrough H.264 camera as it sent it: its access units, from a keyframe with SPS/PPS,
 * are written as MPEG-TS with their own RTP timestamps to ffmpeg, which copies them into the same
 * crash-safe fragmented MP4 the Recorder writes. No decode, no encode: the recording has the
 * camera's size, profile and quality, and costs almost no CPU. Timestamps are the camera's, so a
 * minute recorded plays a minute, lost pictures included (as a pause).
 * Same public shape as Recorder, so RecordingController runs either.
 */
export class StreamCopyRecorder extends EventEmitter<RecorderEvents> {
  private child: ChildProcess | undefined;
  private readonly stderr = new StderrTail(10);
  private readonly ts = new MpegTsWriter();
  private readonly timeline = new RtpTimeline();
  private readonly frameRate = new RtpFrameRate();
  private readonly parameterSets = new H264ParameterSets();
  private size: { width: number; height: number } | undefined;
  private written = 0;
  private dropped = 0;
  private lastTicks = 0;
  private needKeyframe = false;
  private stopping = false;
  private exited: Promise<FfmpegExit> | undefined;
  private firstKeyframe: (() => void) | undefined;
  private readonly maxBacklogBytes: number;
  private readonly onAccessUnit = (unit: H264AccessUnit): void => this.take(unit);

  constructor(private readonly options: StreamCopyRecorderOptions) {
    super();
    this.maxBacklogBytes = options.maxBacklogBytes ?? 16 * 1024 * 1024;
  }

  /** The camera's frame rate, from its timestamps (30 until two pictures came). */
  get fps(): number {
    return this.frameRate.fps ?? 30;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get framesWritten(): number {
    return this.written;
  }

  /** From the first picture to the latest, by the camera's timestamps, plus the latest one's own duration. */
  get durationMs(): number {
    if (this.written === 0) return 0;
    return Math.round((this.lastTicks / clockRate) * 1000 + 1000 / this.fps);
  }

  get resolution(): { width: number; height: number } | undefined {
    return this.size;
  }

  /** Resolves once a keyframe went in and ffmpeg has begun the file; rejects with why not. */
  async start(): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 5000;
    const seconds = `${timeoutMs / 1000} s`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no keyframe from ${this.options.description} within ${seconds}: nothing to start a recording from`)), timeoutMs);
    });
    const keyframe = new Promise<void>((resolve) => (this.firstKeyframe = resolve));
    this.options.accessUnits.on('accessUnit', this.onAccessUnit);
    try {
      await Promise.race([keyframe, timeout]);
      // ffmpeg writes the file's header once it has read the stream: that proves the recording works.
      await Promise.race([this.fileBegun(), timeout]);
    } catch (error) {
      await this.abort();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the input and waits for ffmpeg to finish the file (killing it if it hangs). */
  async stop(graceMs = 10_000): Promise<RecorderResult> {
    this.options.accessUnits.off('accessUnit', this.onAccessUnit);
    const child = this.child;
    const result = (ending: RecorderResult['ending']): RecorderResult => ({ ...(this.size ?? { width: 0, height: 0 }), fps: this.fps, framesWritten: this.written, framesDropped: this.dropped, framesRepeated: 0, ending });
    if (!child || !this.exited) return result('failed');
    this.stopping = true;
    return result(await finishFfmpegWriter(child, this.exited, graceMs));
  }

  private take(unit: H264AccessUnit): void {
    if (this.stopping) return;
    const picture = unit.nalUnits.some(isSlice);
    if (!this.child) {
      if (!unit.keyframe) return void this.parameterSets.update(unit);
      const start = this.parameterSets.keyframeStart(unit);
      const sps = this.parameterSets.current;
      if (!start || !sps) return;
      this.size = { width: sps.width, height: sps.height };
      this.launch();
      this.firstKeyframe?.();
      return this.write({ ...unit, nalUnits: start });
    }
    const stdin = this.child.stdin;
    if (!stdin || stdin.destroyed) return;
    if (unit.keyframe) this.needKeyframe = false;
    // Far behind (a stalled disk): drop to the next keyframe rather than queue without bound.
    if (!unit.keyframe && stdin.writableLength > this.maxBacklogBytes) this.needKeyframe = true;
    if (this.needKeyframe) {
      if (picture) this.dropped++;
      return;
    }
    this.write(unit);
  }

  private write(unit: H264AccessUnit): void {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return;
    const picture = unit.nalUnits.some(isSlice);
    const ticks = this.timeline.ticksOf(unit.rtpTimestamp);
    if (picture) this.frameRate.push(unit.rtpTimestamp, !unit.discontinuity);
    // A reader joining the stream (ffmpeg, or a crash recovery) needs the tables before a keyframe.
    if (unit.keyframe) stdin.write(this.ts.tables());
    stdin.write(this.ts.accessUnit(unit.nalUnits, firstPts + ticks, unit.keyframe));
    if (!picture) return;
    this.written++;
    this.lastTicks = ticks;
  }

  private launch(): void {
    const { child, exited } = spawnFfmpegWriter(this.options.ffmpegPath ?? 'ffmpeg', streamCopyRecordingArgs(this.options.file), this.stderr);
    this.child = child;
    this.exited = exited;
    void this.exited.then((exit) => {
      if (this.stopping) return;
      this.options.accessUnits.off('accessUnit', this.onAccessUnit);
      this.emit('failed', this.failure(exit));
    });
  }

  /** Resolves once the file has bytes; rejects if ffmpeg ends first. */
  private async fileBegun(): Promise<void> {
    const exit = await recordingFileBegun(this.options.file, this.exited!);
    if (exit) throw this.failure(exit);
  }

  private failure(exit: { code: number | null; signal: NodeJS.Signals | null }): Error {
    const status = exit.code !== null ? `exit code ${exit.code}` : `killed by ${exit.signal}`;
    const tail = this.stderr.text();
    return new Error(`the stream-copy recorder (ffmpeg) stopped (${status})${tail ? `: ${tail}` : ''}`);
  }

  private async abort(): Promise<void> {
    this.options.accessUnits.off('accessUnit', this.onAccessUnit);
    this.stopping = true;
    this.child?.kill('SIGKILL');
    await this.exited;
  }
}
