import { EventEmitter } from 'node:events';
import type { Logger } from '@dronecast/protocol';
import type { VideoFormat, VideoFrame } from '../video/VideoFrame.ts';
import type { VideoSource, VideoSourceEvents } from '../video/VideoSource.ts';
import { isSlice, type AccessUnitSource, type H264AccessUnit } from './H264AccessUnit.ts';
import { H264Decoder } from './H264Decoder.ts';
import { H264ParameterSets } from './H264ParameterSets.ts';
import { RtpFrameRate } from './RtpFrameRate.ts';

export interface PassthroughFramesOptions {
  /** The camera's access units (the depacketizer); their arrival times become the frames' capture times. */
  accessUnits: AccessUnitSource;
  /** What the camera is, for messages: "H.264 camera rtp:0.0.0.0:5600". */
  description: string;
  /** Hears when the decoder starts, stops, or dies on its own (it restarts at the next keyframe then). */
  logger: Logger;
  /** Default "ffmpeg". */
  ffmpegPath?: string;
  /** Between SIGTERM and SIGKILL when stopping the decoder; default 2 s. */
  killGraceMs?: number;
  /** Bytes the decoder may fall behind before pictures are skipped up to the next keyframe; default 4 MB. */
  maxBacklogBytes?: number;
}

export interface PassthroughFramesStats {
  decodedFrames: number;
  /** Pictures not decoded because the decoder was behind (skipped to the next keyframe). */
  skippedAccessUnits: number;
  decoderStarts: number;
}

/** Resolution and frame rate are the camera's: thrown by setFormat. */
export class CameraOwnsFormatError extends Error {
  constructor(description: string) {
    super(`the resolution and frame rate of ${description} are set on the camera: passthrough does not re-encode`);
    this.name = 'CameraOwnsFormatError';
  }
}

interface RunningDecoder {
  process: H264Decoder;
  width: number;
  height: number;
  /** Arrival times of the pictures written and not yet decoded, oldest first: ffmpeg gives one frame per picture, in order. */
  pending: number[];
  produced: boolean;
}

/** How long a decoder replaced after a size change may take to give its last frames. */
const retiredDecoderTimeoutMs = 10_000;
/** The new decoder's frames kept meanwhile (memory: a second of 1080p60 is 190 MB). */
const maxHeldFrames = 30;

const defaultFormat: VideoFormat = { width: 640, height: 480, fps: 30 };

/**
 * Raw I420 frames from a passthrough H.264 camera, decoded only while something needs them (the
 * JPEG fallbacks while someone watches): one ffmpeg runs while any demand is on, starting at a
 * keyframe with its SPS/PPS, and is stopped when the last demand goes. Each frame's capture time
 * is its access unit's arrival. The format is the camera's, read from its SPS and timestamps.
 */
export class PassthroughFrames extends EventEmitter<VideoSourceEvents> implements VideoSource {
  readonly description: string;
  readonly accessUnits: AccessUnitSource;
  private readonly ffmpegPath: string;
  private readonly maxBacklogBytes: number;
  private readonly demands = new Set<string>();
  private readonly parameterSets = new H264ParameterSets();
  private readonly frameRate = new RtpFrameRate();
  private size = { width: defaultFormat.width, height: defaultFormat.height };
  private started = false;
  private decoder: RunningDecoder | undefined;
  /** Decoders being stopped; stop() waits for them so none outlives it. */
  private readonly stopping = new Set<Promise<void>>();
  /** Decoders finishing their input after a size change. */
  private readonly retired = new Set<RunningDecoder>();
  /** Frames of the new decoder, until the retired ones are done. */
  private held: VideoFrame[] = [];
  /** The decoder skipped pictures (or failed): wait for a keyframe before writing more. */
  private needKeyframe = true;
  /** A decoder that failed before any frame is not restarted until the demand is raised again. */
  private blocked = false;
  private frameNumber = 0;
  private readonly counts = { decodedFrames: 0, skippedAccessUnits: 0, decoderStarts: 0 };
  private readonly onAccessUnit = (unit: H264AccessUnit): void => this.take(unit);

  constructor(private readonly options: PassthroughFramesOptions) {
    super();
    this.description = options.description;
    this.accessUnits = options.accessUnits;
    this.ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
    this.maxBacklogBytes = options.maxBacklogBytes ?? 4 * 1024 * 1024;
  }

  /** The camera's size (from its latest SPS) and frame rate (from its timestamps); 640x480@30 until known. */
  get format(): VideoFormat {
    return { ...this.size, fps: this.frameRate.fps ?? defaultFormat.fps };
  }

  get stats(): PassthroughFramesStats {
    return { ...this.counts };
  }

  /** Why frames are needed now ("websocket", "mqtt", ...). */
  get demand(): string[] {
    return [...this.demands];
  }

  /** The running decoder's process id, if any. */
  get decoderPid(): number | undefined {
    return this.decoder?.process.pid;
  }

  /** Listens to the camera; no decoding happens until there is demand. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.frameNumber = 0;
    this.accessUnits.on('accessUnit', this.onAccessUnit);
  }

  /** Stops decoding and listening; resolves once no decoder is left. Emits 'end' if it was started. */
  async stop(): Promise<void> {
    const wasStarted = this.started;
    this.started = false;
    this.accessUnits.off('accessUnit', this.onAccessUnit);
    this.stopDecoder();
    for (const decoder of this.retired) this.track(decoder.process.stop());
    this.held = [];
    await Promise.all([...this.stopping]);
    if (wasStarted) this.emit('end');
  }

  async setFormat(_format: VideoFormat): Promise<void> {
    throw new CameraOwnsFormatError(this.description);
  }

  /**
   * Raises or drops one reason for decoding. Frames flow from the next keyframe while any reason
   * is on; the decoder stops when the last one goes.
   */
  setDemand(reason: string, on: boolean): void {
    const before = this.demands.size;
    if (on) this.demands.add(reason);
    else this.demands.delete(reason);
    if (before === 0 && this.demands.size > 0) this.blocked = false;
    if (this.demands.size === 0) this.stopDecoder();
  }

  private take(unit: H264AccessUnit): void {
    const sps = this.parameterSets.update(unit);
    if (sps) this.size = { width: sps.width, height: sps.height };
    const picture = unit.nalUnits.some(isSlice);
    if (picture) this.frameRate.push(unit.rtpTimestamp, !unit.discontinuity);
    if (this.demands.size === 0 || this.blocked) return;
    if (unit.keyframe) return this.writeKeyframe(unit);
    const decoder = this.decoder;
    if (!decoder || !picture) return;
    if (this.needKeyframe) return void this.counts.skippedAccessUnits++;
    if (decoder.process.backlogBytes > this.maxBacklogBytes) {
      // Behind: a P-frame can't be skipped alone, so skip to the next keyframe.
      this.needKeyframe = true;
      this.counts.skippedAccessUnits++;
      return;
    }
    this.write(unit);
  }

  private writeKeyframe(unit: H264AccessUnit): void {
    const start = this.parameterSets.keyframeStart(unit);
    const sps = this.parameterSets.current;
    // Without an SPS there is nothing to size the frames by, nor anything ffmpeg could decode.
    if (!start || !sps) return;
    const decoder = this.decoder;
    if (decoder && (decoder.width !== sps.width || decoder.height !== sps.height)) this.retireDecoder(decoder);
    else if (decoder && decoder.process.backlogBytes > this.maxBacklogBytes) {
      // Still behind at a keyframe: skip this GOP too (its pictures depend on this keyframe).
      this.needKeyframe = true;
      this.counts.skippedAccessUnits++;
      return;
    }
    if (!this.decoder) this.startDecoder(sps.width, sps.height);
    this.needKeyframe = false;
    this.write({ ...unit, nalUnits: start });
  }

  private write(unit: H264AccessUnit): void {
    const decoder = this.decoder;
    if (!decoder) return;
    decoder.pending.push(unit.arrivalMs);
    decoder.process.write(unit.nalUnits);
  }

  private startDecoder(width: number, height: number): void {
    const decoder: RunningDecoder = {
      width,
      height,
      pending: [],
      produced: false,
      process: new H264Decoder({
        ffmpegPath: this.ffmpegPath,
        width,
        height,
        killGraceMs: this.options.killGraceMs,
        onFrame: (data) => {
          // Frames of a decoder whose demand went are nobody's; one retired for a new size finishes its last pictures.
          const captureTimeMs = decoder.pending.shift();
          if (captureTimeMs === undefined || !this.started) return;
          decoder.produced = true;
          const frame = { width, height, data, captureTimeMs, frameNumber: 0 };
          // A new decoder's frames wait for the last ones of the decoder it replaced: they are older.
          if (this.retired.size === 0 || this.retired.has(decoder)) this.emitFrame(frame);
          else if (this.held.length < maxHeldFrames) this.held.push(frame);
          else this.counts.skippedAccessUnits++;
        },
      }),
    };
    this.decoder = decoder;
    this.counts.decoderStarts++;
    this.options.logger.info(`decoding ${this.description} (${width}x${height}) for ${this.demand.join(', ')}`, { pid: decoder.process.pid });
    void decoder.process.exited.then((exit) => {
      if (this.decoder !== decoder) return;
      this.decoder = undefined;
      this.needKeyframe = true;
      // One that never decoded a frame would fail the same way again at every keyframe.
      if (!decoder.produced) this.blocked = true;
      const next = decoder.produced ? 'restarting at the next keyframe' : 'not retried until frames are asked for again';
      this.options.logger.warn(`${H264Decoder.describeExit(exit, this.ffmpegPath)} (decoding ${this.description}); ${next}`);
    });
  }

  /** Nobody needs frames: the decoder is killed, and what it still holds is dropped. */
  private stopDecoder(): void {
    const decoder = this.decoder;
    if (!decoder) return;
    this.decoder = undefined;
    this.needKeyframe = true;
    decoder.pending = [];
    this.track(decoder.process.stop());
    this.options.logger.info(`nothing needs frames of ${this.description}: decoder stopped`);
  }

  /** The size changed: the old decoder gets to the end of its input (its last pictures still come), then exits. */
  private retireDecoder(decoder: RunningDecoder): void {
    this.decoder = undefined;
    this.retired.add(decoder);
    decoder.process.end();
    // Its input is ended and finite: only a hung one is still there after this.
    const timer = setTimeout(() => void decoder.process.stop(), retiredDecoderTimeoutMs);
    this.track(
      decoder.process.exited.then(() => {
        clearTimeout(timer);
        this.retired.delete(decoder);
        if (this.retired.size > 0) return;
        const held = this.held;
        this.held = [];
        if (this.started) for (const frame of held) this.emitFrame(frame);
      }),
    );
  }

  private emitFrame(frame: VideoFrame): void {
    this.counts.decodedFrames++;
    this.emit('frame', { ...frame, frameNumber: this.frameNumber++ });
  }

  private track(stopping: Promise<void>): void {
    this.stopping.add(stopping);
    void stopping.then(() => this.stopping.delete(stopping));
  }
}
