import type { VideoFormat } from '../VideoFrame.ts';
import { streamScheme, type FfmpegInput } from './ffmpegInput.ts';

/**
 * Decode each frame as soon as it is whole: low_delay turns the decoder's frame threads (which
 * hold a frame back per extra thread) into slice threads. Measured on a 640x480@30 H.264 stream:
 * the frame reaches the agent about 55 ms sooner.
 */
const decodeAtOnce = ['-flags', 'low_delay'];

function inputArgs(input: FfmpegInput): string[] {
  switch (input.kind) {
    case 'v4l2':
      return ['-f', 'v4l2', ...decodeAtOnce, '-i', input.device];
    case 'stream': {
      const scheme = streamScheme(input.url);
      // TCP: RTSP over UDP loses packets on Wi-Fi and is blocked by most NATs.
      const transport = scheme === 'rtsp' || scheme === 'rtsps' ? ['-rtsp_transport', 'tcp'] : [];
      // Live video: don't buffer ahead while probing, it is latency.
      return [...transport, '-fflags', 'nobuffer', ...decodeAtOnce, '-i', input.url];
    }
    case 'file':
      // "file:" so ffmpeg never reads a path with a colon (or a leading dash) as a protocol or option.
      return [...(input.loop === false ? [] : ['-stream_loop', '-1']), '-re', ...decodeAtOnce, '-i', `file:${input.path}`];
  }
}

/**
 * ffmpeg's command line: decode the input, scale it to `format`'s size, write raw I420 frames to
 * stdout, at most `format.fps` of them a second. The rate is capped by dropping a frame that falls
 * on the same 1/fps tick as the last (vfr), not by the fps filter, which holds every frame back
 * until the next has come to decide (one frame interval, 33 ms at 30 fps); a slower camera's
 * frames are not repeated either.
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
    `scale=${format.width}:${format.height}`,
    '-fps_mode',
    'vfr',
    '-r',
    String(format.fps),
    '-pix_fmt',
    'yuv420p',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
}
