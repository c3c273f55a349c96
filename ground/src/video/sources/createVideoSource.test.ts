import { describe, expect, it } from 'vitest';
import { createVideoSource } from './createVideoSource.ts';
import { FfmpegSource } from './FfmpegSource.ts';
import { TestPatternSource } from './TestPatternSource.ts';

describe('createVideoSource', () => {
  it('makes the test pattern at 640x480@30 by default', () => {
    const source = createVideoSource('pattern');
    expect(source).toBeInstanceOf(TestPatternSource);
    expect(source.format).toEqual({ width: 640, height: 480, fps: 30 });
    expect(source.description).toBe('test pattern 640x480@30');
  });

  it('takes the format from the spec first, then from the options', () => {
    const format = { width: 320, height: 240, fps: 15 };
    expect(createVideoSource('pattern', { format }).format).toEqual(format);
    expect(createVideoSource('pattern:1280x720@25', { format }).format).toEqual({ width: 1280, height: 720, fps: 25 });
    expect(createVideoSource('rtsp://cam/live', { format }).format).toEqual(format);
  });

  it('reads cameras, streams and files through ffmpeg, hiding passwords in the description', () => {
    const camera = createVideoSource('/dev/video0');
    expect(camera).toBeInstanceOf(FfmpegSource);
    expect(camera.description).toBe('v4l2 /dev/video0');
    expect(createVideoSource('rtsp://admin:secret@cam/live').description).toBe('stream rtsp://admin:***@cam/live');
    expect(createVideoSource('file:/data/flight.mp4').description).toBe('file /data/flight.mp4 (looped)');
    expect(createVideoSource({ kind: 'file', path: '/data/flight.mp4', loop: false }).description).toBe('file /data/flight.mp4');
  });

  it('refuses a bad spec or format before anything runs', () => {
    expect(() => createVideoSource('camera please')).toThrow(/Accepted forms/);
    expect(() => createVideoSource('rtsp://cam/live', { format: { width: 640, height: 480, fps: 0 } })).toThrow('fps must be from 1 to 60');
  });
});
