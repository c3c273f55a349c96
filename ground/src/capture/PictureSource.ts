import type { VideoFrame } from '../video/VideoFrame.ts';

/**
 * Where a photo's picture comes from: the latest frame of a raw feed (LatestFrame), or, for a
 * passthrough H.264 camera, a decode made on request (PassthroughPictures). Asked only when a
 * photo is taken, so nothing has to decode video just in case.
 */
export interface PictureSource {
  /** What the pictures are of, for messages: "test pattern 640x480@30". */
  readonly description: string;
  /** The latest picture at full resolution; rejects with the reason, for the user, when there is none. */
  latest(): Promise<VideoFrame>;
  /** Stops listening to the video. */
  close(): void;
}
