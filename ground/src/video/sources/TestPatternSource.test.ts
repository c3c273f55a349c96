import { readFrameStamp, stampHeight, type FrameStamp } from '@dronecast/protocol';
import { describe, expect, it } from 'vitest';
import { SimulatedTimers } from '../../time/testing/SimulatedTimers.ts';
import type { VideoFormat, VideoFrame } from '../VideoFrame.ts';
import { i420Size } from '../VideoFrame.ts';
import { TestPatternSource } from './TestPatternSource.ts';

/** The stamp as a browser would read it: Y plane rows shown as gray RGBA. */
function readStamp(frame: VideoFrame): FrameStamp | undefined {
  const rows = stampHeight(frame.width, frame.height);
  const rgba = new Uint8Array(frame.width * rows * 4);
  for (let i = 0; i < frame.width * rows; i++) {
    const y = frame.data[i] ?? 0;
    rgba.set([y, y, y, 255], i * 4);
  }
  return readFrameStamp(rgba, frame.width, frame.height);
}

/** Runs the source until `count` frames arrived (or `ms` passed), then stops it. */
async function collect(source: TestPatternSource, count: number, ms = 5000): Promise<VideoFrame[]> {
  const frames: VideoFrame[] = [];
  const onFrame = (frame: VideoFrame): void => void frames.push(frame);
  source.on('frame', onFrame);
  await source.start();
  const deadline = Date.now() + ms;
  while (frames.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await source.stop();
  source.off('frame', onFrame);
  return frames.slice(0, count);
}

const vga: VideoFormat = { width: 640, height: 480, fps: 30 };

describe('TestPatternSource', () => {
  it('produces frames of the requested size at the requested rate', async () => {
    const timers = new SimulatedTimers();
    const source = new TestPatternSource({ format: { width: 640, height: 480, fps: 20 }, timers });
    const frames: VideoFrame[] = [];
    source.on('frame', (frame) => void frames.push(frame));
    await source.start();
    timers.advance(1000);
    await source.stop();
    // One at once, then one every 50 ms: on simulated time, exactly.
    expect(frames.map((f) => f.frameNumber)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    for (const frame of frames) {
      expect([frame.width, frame.height]).toEqual([640, 480]);
      expect(frame.data.length).toBe(i420Size(640, 480));
    }
  });

  it('numbers frames 0, 1, 2, ... from each start', async () => {
    const source = new TestPatternSource({ format: { ...vga, fps: 60 } });
    const first = await collect(source, 10);
    const again = await collect(source, 5);
    expect(first.map((f) => f.frameNumber)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(again.map((f) => f.frameNumber)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stamps each frame with the clock reading taken when it was generated, readable from the pixels', async () => {
    const readings: number[] = [];
    const clock = (): number => {
      const now = 1_700_000_000_000 + readings.length * 37;
      readings.push(now);
      return now;
    };
    const source = new TestPatternSource({ format: { ...vga, fps: 60 }, clock });
    const frames = await collect(source, 5);
    expect(frames.map((f) => f.captureTimeMs)).toEqual(readings);
    for (const frame of frames) {
      expect(readStamp(frame)).toEqual({ captureTimeMs: frame.captureTimeMs, frameNumber: frame.frameNumber });
    }
  });

  it('moves: consecutive frames differ outside the stamp rows', async () => {
    const frames = await collect(new TestPatternSource({ format: vga }), 4);
    const below = stampHeight(640, 480) * 640;
    for (let i = 1; i < frames.length; i++) {
      const previous = frames[i - 1]?.data.subarray(below, 640 * 480);
      const current = frames[i]?.data.subarray(below, 640 * 480);
      expect(Buffer.compare(Buffer.from(previous ?? []), Buffer.from(current ?? []))).not.toBe(0);
    }
  });

  it('gives every frame its own buffer, so kept frames stay intact', async () => {
    const frames = await collect(new TestPatternSource({ format: { ...vga, fps: 60 } }), 6);
    expect(new Set(frames.map((f) => f.data.buffer)).size).toBe(frames.length);
    expect(readStamp(frames[0]!)).toEqual({ captureTimeMs: frames[0]!.captureTimeMs, frameNumber: 0 });
  });

  it('applies setFormat from the next frame on', async () => {
    const source = new TestPatternSource({ format: { width: 320, height: 240, fps: 30 } });
    const frames: VideoFrame[] = [];
    const done = new Promise<void>((resolve) => {
      source.on('frame', (frame) => {
        frames.push(frame);
        if (frames.length === 2) void source.setFormat({ width: 160, height: 120, fps: 15 });
        if (frames.length === 5) resolve();
      });
    });
    await source.start();
    await done;
    await source.stop();
    expect(frames.map((f) => f.width)).toEqual([320, 320, 160, 160, 160]);
    expect(frames[4]?.data.length).toBe(i420Size(160, 120));
    expect(source.format).toEqual({ width: 160, height: 120, fps: 15 });
    expect(source.description).toBe('test pattern 160x120@15');
    expect(readStamp(frames[4]!)?.frameNumber).toBe(4);
  });

  it('refuses formats it cannot produce, saying why', async () => {
    const source = new TestPatternSource();
    await expect(source.setFormat({ width: 640, height: 480, fps: 0 })).rejects.toThrow('fps must be from 1 to 60 (got 0)');
    await expect(source.setFormat({ width: 641, height: 480, fps: 30 })).rejects.toThrow(
      'width must be an even whole number from 16 to 1920 (got 641)',
    );
    await expect(source.setFormat({ width: 4000, height: 4000, fps: 30 })).rejects.toThrow(
      /invalid video format 4000x4000@30: width .* 1920 .*; height .* 1080/,
    );
    expect(() => new TestPatternSource({ format: { width: 640, height: 480, fps: 61 } })).toThrow('fps must be from 1 to 60');
    expect(source.format).toEqual(vga);
  });

  it('ignores a second start(); stop() ends the frames and emits end once', async () => {
    const timers = new SimulatedTimers();
    const source = new TestPatternSource({ format: { ...vga, fps: 60 }, timers });
    let ends = 0;
    let count = 0;
    source.on('end', () => ends++);
    source.on('frame', () => count++);
    await source.start();
    await source.start();
    timers.advance(190);
    // One timer, not two: slots 0..11 of 60 fps in 190 ms (two timers would give twice as many).
    expect(count).toBe(12);
    await source.stop();
    await source.stop();
    timers.advance(1000);
    expect(count).toBe(12);
    expect(timers.pendingCount).toBe(0);
    expect(ends).toBe(1);
  });
});
