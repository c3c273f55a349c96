import { describe, expect, it } from 'vitest';
import { FrameRateLimiter } from './FrameRateLimiter.ts';

/** How many of `count` frames arriving every `intervalMs` from `startMs` the limiter lets through. */
function admitted(limiter: FrameRateLimiter, intervalMs: number, count: number, startMs = 0, jitterMs: (i: number) => number = () => 0): number {
  let passed = 0;
  for (let i = 0; i < count; i++) if (limiter.admit(startMs + i * intervalMs + jitterMs(i))) passed++;
  return passed;
}

const every = (fps: number): number => 1000 / fps;

describe('FrameRateLimiter', () => {
  it('passes every frame of a source slower than the cap', () => {
    expect(admitted(new FrameRateLimiter(10), every(5), 50)).toBe(50);
    expect(admitted(new FrameRateLimiter(15), every(10), 50)).toBe(50);
  });

  it('caps a faster source at the maximum rate (10 s of video)', () => {
    expect(admitted(new FrameRateLimiter(10), every(30), 300)).toBeGreaterThanOrEqual(100);
    expect(admitted(new FrameRateLimiter(10), every(30), 300)).toBeLessThanOrEqual(101);
    expect(admitted(new FrameRateLimiter(10), every(12), 120)).toBeLessThanOrEqual(101);
  });

  it('spreads a faster source evenly down to the cap, not down to a whole fraction of it (10 s of video)', () => {
    expect(admitted(new FrameRateLimiter(15), every(30), 300)).toBeGreaterThanOrEqual(149);
    expect(admitted(new FrameRateLimiter(15), every(30), 300)).toBeLessThanOrEqual(151);
    // 25 fps at 15: 15, not the 12.5 of every other frame.
    expect(admitted(new FrameRateLimiter(15), every(25), 250)).toBeGreaterThanOrEqual(149);
    // 20 fps at 15: close to 15 (14.4: a frame is never held back to land exactly on the beat).
    expect(admitted(new FrameRateLimiter(15), every(20), 200)).toBeGreaterThanOrEqual(140);
    expect(admitted(new FrameRateLimiter(15), every(20), 200)).toBeLessThanOrEqual(151);
  });

  it('loses no frame to jitter when the source runs at the cap', () => {
    // ±5 ms around a 30 fps beat, alternating: each frame is early or late against the last.
    expect(admitted(new FrameRateLimiter(30), every(30), 300, 0, (i) => (i % 2 ? 5 : -5))).toBe(300);
  });

  it('does not burst after a pause in the source', () => {
    const limiter = new FrameRateLimiter(10);
    admitted(limiter, 100, 10);
    expect(admitted(limiter, 10, 10, 5000)).toBeLessThanOrEqual(2);
    expect(admitted(limiter, 10, 100, 6000)).toBeLessThanOrEqual(11);
  });

  it('changes rate live, from the next frame', () => {
    const limiter = new FrameRateLimiter(1);
    expect(limiter.admit(0)).toBe(true);
    expect(limiter.admit(100)).toBe(false);
    limiter.setMaxFps(10);
    expect(limiter.maxFps).toBe(10);
    expect(limiter.admit(200)).toBe(true);
    limiter.setMaxFps(5);
    expect(admitted(limiter, every(30), 300, 1000)).toBeLessThanOrEqual(51);
  });

  it('refuses rates it cannot mean', () => {
    expect(() => new FrameRateLimiter(0)).toThrow(/above 0 and at most 120 fps, not 0/);
    expect(() => new FrameRateLimiter(121)).toThrow(RangeError);
    expect(() => new FrameRateLimiter(Number.NaN)).toThrow(RangeError);
    expect(() => new FrameRateLimiter(1).setMaxFps(Number.NaN)).toThrow(RangeError);
  });
});
