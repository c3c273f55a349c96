import { fragmentedMp4Args } from '../capture/fragmentedMp4Args.ts';

/**
 * ffmpeg arguments: an MPEG-TS of the camera's H.264 on stdin (MpegTsWriter) -> the same
 * crash-safe fragmented MP4 the Recorder writes, by stream copy (no decode, no encode).
 * `-probesize 32 -analyzeduration 0`: begin the file at the first keyframe instead of reading
 * 5 s ahead first (measured: the file begins after 6 pictures instead of 5.4 s).
 */
export function streamCopyRecordingArgs(file: string): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-nostats',
    '-probesize', '32', '-analyzeduration', '0',
    '-f', 'mpegts', '-i', 'pipe:0',
    '-map', '0:v:0', '-an', '-c:v', 'copy',
    ...fragmentedMp4Args(file),
  ];
}
