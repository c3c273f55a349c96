import { readFrameStamp, stampHeight, type FrameStamp } from '@dronecast/protocol';
import type { FrameStatistics } from './FrameStatistics.ts';

const maxPlausibleLatencyMs = 60 * 60 * 1000;

/**
 * Measures what a <video> actually shows: one requestVideoFrameCallback per presented frame,
 * counting frames and reading the capture-time stamp from the frame's top rows to compute
 * glass-to-glass latency on the server's clock. The numbers go to a FrameStatistics.
 */
export class FrameMeter {
  readonly #serverNow: () => number;
  readonly #statistics: FrameStatistics;
  readonly #canvas = document.createElement('canvas');
  #context: CanvasRenderingContext2D | null = null;
  #video: HTMLVideoElement | null = null;
  #callbackId = 0;

  // Continuity within one stream: cleared when the element's stream changes.
  #stream: MediaProvider | null = null;
  #lastPresentedFrames: number | null = null;
  #lastQuality = { total: 0, dropped: 0 };
  #mainThreadMs = 0;

  /** `serverNow` gives the server's clock in epoch ms; the stamps carry capture times on that clock. */
  constructor(serverNow: () => number, statistics: FrameStatistics) {
    this.#serverNow = serverNow;
    this.#statistics = statistics;
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

  /** Main-thread time spent in the per-frame callback so far (the benchmark's CPU cost per frame). */
  get mainThreadMs(): number {
    return this.#mainThreadMs;
  }

  detach(): void {
    if (this.#video && typeof this.#video.cancelVideoFrameCallback === 'function') {
      this.#video.cancelVideoFrameCallback(this.#callbackId);
    }
    this.#video = null;
  }

  readonly #onFrame = (now: DOMHighResTimeStamp, frame: VideoFrameCallbackMetadata): void => {
    const started = performance.now();
    try {
      this.#measure(now, frame);
    } finally {
      this.#mainThreadMs += performance.now() - started;
    }
  };

  #measure(_now: DOMHighResTimeStamp, frame: VideoFrameCallbackMetadata): void {
    const video = this.#video;
    if (!video) return;
    this.#callbackId = video.requestVideoFrameCallback(this.#onFrame);
    // A new stream (the producer came back, the session reconnected) restarts frame numbers,
    // the element's counters and the frame pacing: don't count the outage as lost frames.
    if (video.srcObject !== this.#stream) this.#startStream(video);
    this.#countDecoded(video);

    // rVFC fires at most once per display refresh, so one callback can stand for several frames.
    const presented =
      this.#lastPresentedFrames === null || frame.presentedFrames <= this.#lastPresentedFrames
        ? 1
        : frame.presentedFrames - this.#lastPresentedFrames;
    this.#lastPresentedFrames = frame.presentedFrames;
    this.#statistics.presented(frame.presentationTime, presented, frame.width, frame.height);

    const stamp = this.#readStamp(video);
    if (!stamp || !this.#plausible(stamp)) return;
    // Latency ends when the frame reaches the screen: rVFC's expectedDisplayTime (the vsync the
    // frame is composited for), not now (the callback runs before that) nor presentationTime
    // (when it was handed to the compositor). It is on the performance.now() timeline, so it is
    // converted by its distance from now rather than through the wall clock.
    const displayedAtServerTime = this.#serverNow() + (frame.expectedDisplayTime - performance.now());
    this.#statistics.stamped(stamp.frameNumber, displayedAtServerTime - stamp.captureTimeMs);
  }

  /**
   * An all-black band (a frame before the first picture, a source without stamps) decodes as
   * time 0, frame 0 with a valid CRC; real capture times are within hours of the server's now.
   */
  #plausible(stamp: FrameStamp): boolean {
    return Math.abs(this.#serverNow() - stamp.captureTimeMs) < maxPlausibleLatencyMs;
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
    this.#statistics.newStream();
  }

  /** Adds what the decoder did since the last look; the element's own counters restart with each stream. */
  #countDecoded(video: HTMLVideoElement): void {
    const quality = video.getVideoPlaybackQuality();
    const now = { total: quality.totalVideoFrames, dropped: quality.droppedVideoFrames };
    if (now.total < this.#lastQuality.total) this.#lastQuality = { total: 0, dropped: 0 };
    this.#statistics.decoded(now.total - this.#lastQuality.total, Math.max(0, now.dropped - this.#lastQuality.dropped));
    this.#lastQuality = now;
  }
}
