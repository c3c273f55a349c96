import { percentile } from '@dronecast/protocol';
import type { FrameSamples, FrameStats } from '@dronecast/protocol';

export interface FrameStatisticsOptions {
  /** Stamped frames the latency percentiles are computed over. */
  latencyWindow?: number;
  /** Cap on each raw series, so a page left open for hours doesn't grow without bound. */
  maxSamples?: number;
}

/** Frame numbers are compared modulo 2^24: the pixel stamp's frame number is 24 bits and wraps. */
export const frameNumberModulo = 1 << 24;

/**
 * The numbers about the frames a page shows, whatever carried them: a <video> fed by WebRTC
 * (FrameMeter) or a canvas fed by JPEG frames (JpegFramePlayer) report presented frames and
 * their capture stamps here, so every transport is measured the same way.
 */
export class FrameStatistics {
  readonly #latencyWindow: number;
  readonly #maxSamples: number;

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
  #width = 0;
  #height = 0;

  // Continuity within one stream: cleared by newStream().
  #lastPresentationTime: number | null = null;
  #lastFrameNumber: number | null = null;
  /** Frames presented since the last stamped one, to tell unmeasured frames from missing ones. */
  #presentedSinceStamp = 0;

  constructor(options: FrameStatisticsOptions = {}) {
    this.#latencyWindow = options.latencyWindow ?? 100;
    this.#maxSamples = options.maxSamples ?? 100_000;
  }

  /**
   * A new stream (another transport, the producer came back, a reconnect) restarts frame numbers
   * and pacing: the outage is not counted as lost frames nor as one long frame interval.
   */
  newStream(): void {
    this.#lastPresentationTime = null;
    this.#lastFrameNumber = null;
    this.#presentedSinceStamp = 0;
    this.#recentPresents = [];
  }

  /**
   * `frames` reached the screen at `presentationTime` (performance.now() timeline); one report
   * can stand for several frames when the display ran slower than the stream.
   */
  presented(presentationTime: number, frames: number, width: number, height: number): void {
    this.#framesPresented += frames;
    this.#presentedSinceStamp += frames;
    this.#recentPresents.push({ at: presentationTime, frames });
    while ((this.#recentPresents[0]?.at ?? Infinity) < presentationTime - 1_000) this.#recentPresents.shift();
    if (this.#lastPresentationTime !== null) this.#push(this.#samples.frameIntervalMs, presentationTime - this.#lastPresentationTime);
    this.#lastPresentationTime = presentationTime;
    this.#width = width;
    this.#height = height;
  }

  /** The last presented frame carried source frame `frameNumber` (mod 2^24), shown `latencyMs` after capture. */
  stamped(frameNumber: number, latencyMs: number): void {
    this.#framesStamped++;
    const presented = this.#presentedSinceStamp;
    this.#presentedSinceStamp = 0;
    if (this.#lastFrameNumber !== null) {
      const modulo = frameNumberModulo;
      const step = (frameNumber - this.#lastFrameNumber + modulo) % modulo;
      if (step === 0) return; // the same source frame again: its latency was already counted
      // Frames presented between two reports (or without a readable stamp) were shown, just not
      // measured; only source frames beyond those never reached the screen. A huge step is the
      // source restarting its count, not half a million lost frames.
      if (step > presented && step < modulo / 2) {
        this.#frameNumberGaps++;
        this.#framesMissing += step - presented;
      }
    }
    this.#lastFrameNumber = frameNumber;
    this.#lastLatency = latencyMs;
    this.#recentLatencies.push(latencyMs);
    if (this.#recentLatencies.length > this.#latencyWindow) this.#recentLatencies.shift();
    this.#push(this.#samples.latencyMs, latencyMs);
  }

  /** The decoder produced `decoded` more frames, of which `dropped` were never shown. */
  decoded(decoded: number, dropped: number): void {
    this.#framesDecoded += decoded;
    this.#framesDropped += dropped;
  }

  stats(now = performance.now()): FrameStats {
    let fps = 0;
    for (const p of this.#recentPresents) if (p.at > now - 1_000) fps += p.frames;
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

  /** Clears counters and series; the current stream's continuity is kept. */
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
  }

  #push(series: number[], value: number): void {
    series.push(value);
    if (series.length > this.#maxSamples) series.shift();
  }
}
