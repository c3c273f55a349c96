import type { VideoFormat } from '../VideoFrame.ts';

export const defaultVideoFormat: Readonly<VideoFormat> = Object.freeze({ width: 640, height: 480, fps: 30 });

/** I420 needs even sizes (chroma is half resolution); the upper bounds keep the SFU path and phones within reach. */
export const videoFormatLimits = {
  minWidth: 16,
  maxWidth: 1920,
  minHeight: 16,
  maxHeight: 1080,
  minFps: 1,
  maxFps: 60,
} as const;

/** "640x480@30" */
export function formatLabel(format: VideoFormat): string {
  return `${format.width}x${format.height}@${format.fps}`;
}

/** Every reason the format is unusable; empty when it is fine. */
export function videoFormatProblems(format: VideoFormat): string[] {
  const l = videoFormatLimits;
  const problems: string[] = [];
  const { width, height, fps } = format;
  if (!Number.isInteger(width) || width % 2 !== 0 || width < l.minWidth || width > l.maxWidth) {
    problems.push(`width must be an even whole number from ${l.minWidth} to ${l.maxWidth} (got ${width})`);
  }
  if (!Number.isInteger(height) || height % 2 !== 0 || height < l.minHeight || height > l.maxHeight) {
    problems.push(`height must be an even whole number from ${l.minHeight} to ${l.maxHeight} (got ${height})`);
  }
  if (!Number.isFinite(fps) || fps < l.minFps || fps > l.maxFps) {
    problems.push(`fps must be from ${l.minFps} to ${l.maxFps} (got ${fps})`);
  }
  return problems;
}

export function assertValidVideoFormat(format: VideoFormat): void {
  const problems = videoFormatProblems(format);
  if (problems.length > 0) throw new RangeError(`invalid video format ${formatLabel(format)}: ${problems.join('; ')}`);
}
