import { StreamCopyRecorder } from '../passthrough/StreamCopyRecorder.ts';
import type { FrameFeed } from './FrameFeed.ts';
import { isH264Feed } from './H264Feed.ts';
import { Recorder } from './Recorder.ts';
import type { VideoRecorder } from './VideoRecorder.ts';

export interface RecorderChoice {
  feed: FrameFeed;
  /** The fragmented MP4 being written. */
  file: string;
  fps: number;
  ffmpegPath?: string | undefined;
}

/**
 * The recorder for a feed: a passthrough H.264 camera is recorded by stream copy (its own bytes,
 * no decode); raw frames are encoded to H.264.
 */
export function createRecorder({ feed, file, fps, ffmpegPath }: RecorderChoice): VideoRecorder {
  if (isH264Feed(feed)) return new StreamCopyRecorder({ accessUnits: feed.accessUnits, description: feed.description, file, ffmpegPath });
  return new Recorder({ feed, file, fps, ffmpegPath });
}
