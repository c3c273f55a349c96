import type { VideoFormat } from '../VideoFrame.ts';
import { streamScheme, type FfmpegInput } from './ffmpegInput.ts';

function inputArgs(input: FfmpegInput): string[] {
  switch (input.kind) {
    case 'v4l2':
      return ['-f', 'v4l2', '-i', input.device];
    case 'stream': {
      const scheme = streamScheme(input.url);
      // TCP: RTSP over UDP loses packets on Wi-Fi and is blocked by most NATs.
      const transport = scheme === 'rtsp' || scheme === 'rtsps' ? ['-rtsp_transport', 'tcp'] : [];
      // Live video: don't buffer ahead while probing, it is latency.
      return [...transport, '-fflags', 'nobuffer', '-i', input.url];
    }
    case 'file':
      // "file:" so ffmpeg never reads a path with a colon (or a leading dash) as a protocol or option.
      return [...(input.loop === false ? [] : ['-stream_loop', '-1']), '-re', '-i', `file:${input.path}`];
  }
}

/**
 * ffmpeg's command line: decode the input, convert it to exactly `format`, write raw I420 frames
 * to stdout. fps before scale, so frames that are dropped are never scaled.
 */
export function ffmpegArgs(input: FfmpegInput, format: VideoFormat): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...inputArgs(input),
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `fps=${format.fps},scale=${format.width}:${format.height}`,
    '-pix_fmt',
    'yuv420p',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
}
