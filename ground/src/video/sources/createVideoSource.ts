import type { VideoFormat } from '../VideoFrame.ts';
import type { VideoSource } from '../VideoSource.ts';
import { FfmpegSource } from './FfmpegSource.ts';
import { UsageError } from '@dronecast/runtime';
import { parseSourceSpec, type FrameSourceSpec } from './parseSourceSpec.ts';
import { TestPatternSource } from './TestPatternSource.ts';
import { defaultVideoFormat } from './videoFormatRules.ts';

export interface CreateVideoSourceOptions {
  /** Used unless the spec names a format itself (pattern:1280x720@30); default 640x480@30. */
  format?: VideoFormat;
  /** Milliseconds on the SFU's clock; default Date.now. */
  clock?: () => number;
  /** ffmpeg sources: how long start() waits for the first frame; default 10 s. */
  startTimeoutMs?: number;
  /** ffmpeg sources: default "ffmpeg" on PATH. */
  ffmpegPath?: string;
}

/** The video source a --camera value asks for (see sourceSpecForms). Nothing runs until start(). */
export function createVideoSource(spec: string | FrameSourceSpec, options: CreateVideoSourceOptions = {}): VideoSource {
  const parsed = typeof spec === 'string' ? parseSourceSpec(spec) : spec;
  // The ground agent forwards these; they never become a frame source.
  if (parsed.kind === 'h264-rtp' || parsed.kind === 'h264-rtsp') throw new UsageError(`camera "${String(spec)}" is an H.264 passthrough camera, not a source of frames`);
  const clock = options.clock ?? Date.now;
  if (parsed.kind === 'pattern') {
    return new TestPatternSource({ format: parsed.format ?? options.format ?? defaultVideoFormat, clock });
  }
  return new FfmpegSource({
    input: parsed,
    format: options.format ?? defaultVideoFormat,
    clock,
    startTimeoutMs: options.startTimeoutMs,
    ffmpegPath: options.ffmpegPath,
  });
}
