import { performance } from 'node:perf_hooks';
import type { VideoFrame } from '../video/VideoFrame.ts';
import type { FrameFeed } from './FrameFeed.ts';
import type { PictureSource } from './PictureSource.ts';

export interface LatestFrameOptions {
  /** A frame older than this means the camera is not delivering; default 2 s. */
  maxAgeMs?: number;
  /** Monotonic milliseconds; default performance.now. */
  now?: () => number;
}

/** The pictures of a raw frame feed: it keeps the latest frame, which costs nothing (frames are never modified once emitted). */
export class LatestFrame implements PictureSource {
  private latestFrame: { frame: VideoFrame; arrivedAt: number } | undefined;
  private readonly now: () => number;
  private readonly onFrame = (frame: VideoFrame): void => {
    this.latestFrame = { frame, arrivedAt: this.now() };
  };

  constructor(
    private readonly feed: FrameFeed,
    private readonly options: LatestFrameOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    feed.on('frame', this.onFrame);
  }

  get description(): string {
    return this.feed.description;
  }

  async latest(): Promise<VideoFrame> {
    const latest = this.latestFrame;
    if (!latest || this.now() - latest.arrivedAt > (this.options.maxAgeMs ?? 2000)) {
      throw new Error(`${this.feed.description} is not delivering video right now`);
    }
    return latest.frame;
  }

  close(): void {
    this.feed.off('frame', this.onFrame);
  }
}
