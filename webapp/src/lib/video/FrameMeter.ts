import { readFrameStamp, stampHeight, type FrameStamp } from '@dronecast/protocol';
import type { FrameSamples, FrameStats } from './FrameMeterTypes.ts';
import { percentile } from '@dronecast/protocol';

export interface FrameMeterOptions {
  /** Stamped frames the latency percentiles are computed over. */
  latencyWindow?: number;
  /** Cap on each raw series, so a page left open for hours doesn't grow without bound. */
  maxSamples?: number;
}

const frameNumberModulo = 1 << 24; // the stamp's frame number is 24 bits and wraps
const maxPlausibleLatencyMs = 60 * 60 * 1000;

/**
 * Measures what a <video> actually shows: one requestVideoFrameCallback per presented frame,
 * counting frames and reading the capture-time stamp from the frame's top rows to compute
 * glass-to-glass latency on the server's clock.
 */
export class FrameMeter {
  readonly #serverNow: () => number;
  readonly #latencyWindow: number;
  readonly #maxSamples: number;
  readonly #canvas = document.createElement('canvas');
  #context: CanvasRenderingContext2D | null = null;
  #video: HTMLVideoElement | null = null;
  #callbackId = 0;
  #width = 0;
  #height = 0;

  // Counters and series since the last reset().
  #recentPresents: { at: number; frames: number }[] = [];
  #recentLatencies: number[] = [];
  #samples: FrameSamples = { latencyMs: [], frameIntervalMs: [] };
  #framesPresented = 0;
  #framesStamped = 0;
  #frameNumberGaps = 0;
  #framesMissing = 0;
  #framesDecoded = 0;
  #framesDropped = 0;
  #lastLatency: number | null = null;

  // Continuity within one stream: cleared when the element's stream changes.
  #stream: MediaProvider | null = null;
  #lastPresentedFrames: number | null = null;
  #lastPresentationTime: number | null = null;
  #lastFrameNumber: number | null = null;
  /** Frames presented since the last stamped one, to tell unmeasured frames from missing ones. */
  #presentedSinceStamp = 0;
  #lastQuality = { total: 0, dropped: 0 };

  /** `serverNow` gives the server's clock in epoch ms; the stamps carry capture times on that clock. */
  constructor(serverNow: () => number, options: FrameMeterOptions = {}) {
    this.#serverNow = serverNow;
    this.#latencyWindow = options.latencyWindow ?? 100;
    this.#maxSamples = options.maxSamples ?? 100_000;
  }

  /** Starts measuring a <video>; returns the function that stops. */
  attach(video: HTMLVideoElement): () => void {
    this.detach();
    this.#video = video;
    this.#startStream(video);
    if (typeof video.requestVideoFrameCallback === 'function') {
      this.#callbackId = video.requestVideoFrameCallback(this.#onFrame);
    }
    return () => {
      if (this.#video === video) this.detach();
    };
  }

  detach(): void {
    if (this.#video && typeof this.#video.cancelVideoFrameCallback === 'function') {
      this.#video.cancelVideoFrameCallback(this.#callbackId);
    }
    this.#video = null;
  }

  stats(): FrameStats {
    const since = performance.now() - 1_000;
    let fps = 0;
    for (const p of this.#recentPresents) if (p.at > since) fps += p.frames;
    this.#countDecoded();
    return {
      fps,
      latencyMs: {
        last: this.#lastLatency,
        p50: percentile(this.#recentLatencies, 50),
        p95: percentile(this.#recentLatencies, 95),
      },
      framesPresented: this.#framesPresented,
      framesDecoded: this.#framesDecoded,
      framesDropped: this.#framesDropped,
      framesStamped: this.#framesStamped,
      frameNumberGaps: this.#frameNumberGaps,
      framesMissing: this.#framesMissing,
      width: this.#width,
      height: this.#height,
    };
  }

  samples(): FrameSamples {
    return { latencyMs: [...this.#samples.latencyMs], frameIntervalMs: [...this.#samples.frameIntervalMs] };
  }

  reset(): void {
    this.#recentPresents = [];
    this.#recentLatencies = [];
    this.#samples = { latencyMs: [], frameIntervalMs: [] };
    this.#framesPresented = 0;
    this.#framesStamped = 0;
    this.#frameNumberGaps = 0;
    this.#framesMissing = 0;
    this.#framesDecoded = 0;
    this.#framesDropped = 0;
    this.#lastLatency = null;
    this.#lastPresentationTime = null;
    this.#countDecoded();
    this.#framesDecoded = 0;
    this.#framesDropped = 0;
  }

  readonly #onFrame = (now: DOMHighResTimeStamp, frame: VideoFrameCallbackMetadata): void => {
    const video = this.#video;
    if (!video) return;
    this.#callbackId = video.requestVideoFrameCallback(this.#onFrame);
    // A new stream (the producer came back, the session reconnected) restarts frame numbers,
    // the element's counters and the frame pacing: don't count the outage as lost frames.
    if (video.srcObject !== this.#stream) this.#startStream(video);
    this.#countDecoded();

    // rVFC fires at most once per display refresh, so one callback can stand for several frames.
    const presented =
      this.#lastPresentedFrames === null || frame.presentedFrames <= this.#lastPresentedFrames
        ? 1
        : frame.presentedFrames - this.#lastPresentedFrames;
    this.#lastPresentedFrames = frame.presentedFrames;
    this.#framesPresented += presented;
    this.#presentedSinceStamp += presented;
    this.#recentPresents.push({ at: frame.presentationTime, frames: presented });
    while ((this.#recentPresents[0]?.at ?? Infinity) < now - 1_000) this.#recentPresents.shift();

    if (this.#lastPresentationTime !== null) {
      this.#push(this.#samples.frameIntervalMs, frame.presentationTime - this.#lastPresentationTime);
    }
    this.#lastPresentationTime = frame.presentationTime;
    this.#width = frame.width;
    this.#height = frame.height;

    const stamp = this.#readStamp(video);
    if (stamp && this.#plausible(stamp)) this.#onStamp(stamp, frame);
  };

  /**
   * An all-black band (a frame before the first picture, a source without stamps) decodes as
   * time 0, frame 0 with a valid CRC; real capture times are within hours of the server's now.
   */
  #plausible(stamp: FrameStamp): boolean {
    return Math.abs(this.#serverNow() - stamp.captureTimeMs) < maxPlausibleLatencyMs;
  }

  #onStamp(stamp: FrameStamp, frame: VideoFrameCallbackMetadata): void {
    this.#framesStamped++;
    const presented = this.#presentedSinceStamp;
    this.#presentedSinceStamp = 0;
    if (this.#lastFrameNumber !== null) {
      const step = (stamp.frameNumber - this.#lastFrameNumber + frameNumberModulo) % frameNumberModulo;
      if (step === 0) return; // the same source frame again: its latency was already counted
      // Frames the element presented between two callbacks (or without a readable stamp) were
      // shown, just not measured; only source frames beyond those never reached the screen.
      // A huge step is the source restarting its count, not half a million lost frames.
      if (step > presented && step < frameNumberModulo / 2) {
        this.#frameNumberGaps++;
        this.#framesMissing += step - presented;
      }
    }
    this.#lastFrameNumber = stamp.frameNumber;

    // Latency ends when the frame reaches the screen: rVFC's expectedDisplayTime (the vsync the
    // frame is composited for), not now (the callback runs before that) nor presentationTime
    // (when it was handed to the compositor). It is on the performance.now() timeline, so it is
    // converted by its distance from now rather than through the wall clock.
    const displayedAtServerTime = this.#serverNow() + (frame.expectedDisplayTime - performance.now());
    const latency = displayedAtServerTime - stamp.captureTimeMs;
    this.#lastLatency = latency;
    this.#recentLatencies.push(latency);
    if (this.#recentLatencies.length > this.#latencyWindow) this.#recentLatencies.shift();
    this.#push(this.#samples.latencyMs, latency);
  }

  /** Copies only the stamp rows of the current frame, at full width (the cells are a few pixels wide). */
  #readStamp(video: HTMLVideoElement): FrameStamp | undefined {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (width === 0 || height === 0) return undefined;
    const rows = Math.min(height, stampHeight(width, height));
    if (this.#canvas.width !== width || this.#canvas.height !== rows) {
      this.#canvas.width = width;
      this.#canvas.height = rows;
    }
    this.#context ??= this.#canvas.getContext('2d', { willReadFrequently: true });
    if (!this.#context) return undefined;
    this.#context.drawImage(video, 0, 0, width, rows, 0, 0, width, rows);
    return readFrameStamp(this.#context.getImageData(0, 0, width, rows).data, width, height);
  }

  #startStream(video: HTMLVideoElement): void {
    this.#stream = video.srcObject;
    this.#lastPresentedFrames = null;
    this.#lastPresentationTime = null;
    this.#lastFrameNumber = null;
    this.#presentedSinceStamp = 0;
  }

  /** Adds what the decoder did since the last look; the element's own counters restart with each stream. */
  #countDecoded(): void {
    const quality = this.#video?.getVideoPlaybackQuality();
    if (!quality) return;
    const now = { total: quality.totalVideoFrames, dropped: quality.droppedVideoFrames };
    if (now.total < this.#lastQuality.total) this.#lastQuality = { total: 0, dropped: 0 };
    this.#framesDecoded += now.total - this.#lastQuality.total;
    this.#framesDropped += Math.max(0, now.dropped - this.#lastQuality.dropped);
    this.#lastQuality = now;
  }

  #push(series: number[], value: number): void {
    series.push(value);
    if (series.length > this.#maxSamples) series.shift();
  }
}
