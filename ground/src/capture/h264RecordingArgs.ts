import { fragmentedMp4Args } from './fragmentedMp4Args.ts';

export interface H264RecordingSettings {
  width: number;
  height: number;
  fps: number;
  file: string;
  /** x264 quality, lower is better (default 23). */
  crf?: number;
}

/**
 * ffmpeg arguments: raw I420 frames on stdin -> H.264 in fragmented MP4. A keyframe every second
 * starts a fragment, and every finished fragment is playable on its own: a process killed with
 * SIGKILL leaves a file that plays up to its last second. zerolatency keeps x264 from holding
 * frames back (no lookahead, no B-frames), so little sits unwritten in the encoder.
 */
export function h264RecordingArgs({ width, height, fps, file, crf = 23 }: H264RecordingSettings): string[] {
  const gop = String(Math.max(1, Math.round(fps)));
  return [
    '-hide_banner', '-loglevel', 'error', '-nostats',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
    '-an',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-crf', String(crf),
    // Main profile and yuv420p: what every phone's hardware decoder plays.
    '-profile:v', 'main', '-pix_fmt', 'yuv420p',
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
    ...fragmentedMp4Args(file),
  ];
}
