import type { VideoFormat } from '../video/VideoFrame.ts';
import type { VideoSourceEvents } from '../video/VideoSource.ts';

/**
 * What photos and recordings need from a video: its frames, its end, and its nominal rate. The
 * drone camera is one; the processed phone video, received from the SFU, is another.
 */
export interface FrameFeed {
  readonly description: string;
  readonly format: VideoFormat;
  on<E extends keyof VideoSourceEvents>(event: E, listener: (...args: VideoSourceEvents[E]) => void): unknown;
  off<E extends keyof VideoSourceEvents>(event: E, listener: (...args: VideoSourceEvents[E]) => void): unknown;
}
