import { describe, expect, it } from 'vitest';
import { ffmpegArgs } from './ffmpegArgs.ts';

const format = { width: 320, height: 240, fps: 15 };
const output = ['-an', '-sn', '-dn', '-vf', 'scale=320:240', '-fps_mode', 'vfr', '-r', '15', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1'];
const lowDelay = ['-flags', 'low_delay'];
const quiet = ['-nostdin', '-hide_banner', '-loglevel', 'error'];

describe('ffmpegArgs', () => {
  it('reads a V4L2 camera', () => {
    expect(ffmpegArgs({ kind: 'v4l2', device: '/dev/video0' }, format)).toEqual([...quiet, '-f', 'v4l2', ...lowDelay, '-i', '/dev/video0', ...output]);
  });

  it('reads RTSP over TCP, without buffering ahead', () => {
    expect(ffmpegArgs({ kind: 'stream', url: 'rtsps://cam/live' }, format)).toEqual([
      ...quiet,
      '-rtsp_transport',
      'tcp',
      '-fflags',
      'nobuffer',
      ...lowDelay,
      '-i',
      'rtsps://cam/live',
      ...output,
    ]);
  });

  it('reads other streams as they are', () => {
    expect(ffmpegArgs({ kind: 'stream', url: 'udp://@:5000' }, format)).toEqual([...quiet, '-fflags', 'nobuffer', ...lowDelay, '-i', 'udp://@:5000', ...output]);
  });

  it('loops a file at its real pace unless told not to loop', () => {
    expect(ffmpegArgs({ kind: 'file', path: '/v/a:b.mp4' }, format)).toEqual([
      ...quiet,
      '-stream_loop',
      '-1',
      '-re',
      ...lowDelay,
      '-i',
      'file:/v/a:b.mp4',
      ...output,
    ]);
    expect(ffmpegArgs({ kind: 'file', path: 'a.mp4', loop: false }, format)).toEqual([...quiet, '-re', ...lowDelay, '-i', 'file:a.mp4', ...output]);
  });
});
