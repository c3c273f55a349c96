import type { EventEmitter } from 'node:events';
import type { VideoFormat, VideoFrame } from './VideoFrame.ts';

export interface VideoSourceEvents {
  frame: [VideoFrame];
  /** The source failed after it started (device unplugged, stream ended with an error). */
  error: [Error];
  /** The source stopped producing frames (end of a non-looped input, or stop()). */
  end: [];
}

/** A camera, stream or generator of frames. start() rejects with a clear error if nothing can be captured. */
export interface VideoSource extends EventEmitter<VideoSourceEvents> {
  /** e.g. "test pattern 640x480@30" or "v4l2 /dev/video0". */
  readonly description: string;
  readonly format: VideoFormat;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Changes resolution and frame rate live; the next frames use the new format. */
  setFormat(format: VideoFormat): Promise<void>;
}
