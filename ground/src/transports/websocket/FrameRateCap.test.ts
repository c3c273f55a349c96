import { describe, expect, it } from 'vitest';
import { FrameRateCap } from './FrameRateCap.ts';

/** How many of `count` frames arriving every `intervalMs` the cap lets through. */
function admitted(cap: FrameRateCap, intervalMs: number, count: number, startMs = 0): number {
  let passed = 0;
  for (let i = 0; i < count; i++) if (cap.admit(startMs + i * intervalMs)) passed++;
  return passed;
}

describe('FrameRateCap', () => {
  it('passes every frame of a source slower than the cap', () => {
    expect(admitted(new FrameRateCap(15), 100, 50)).toBe(50);
  });

  it('spreads a faster source evenly down to the cap', () => {
    expect(admitted(new FrameRateCap(15), 1000 / 30, 300)).toBeGreaterThanOrEqual(149);
    expect(admitted(new FrameRateCap(15), 1000 / 30, 300)).toBeLessThanOrEqual(151);
    // 20 fps -> close to 15 (14.3: a frame is never held back to land exactly on the beat)
    expect(admitted(new FrameRateCap(15), 50, 400)).toBeGreaterThanOrEqual(280);
    expect(admitted(new FrameRateCap(15), 50, 400)).toBeLessThanOrEqual(301);
  });

  it('does not burst after a pause in the source', () => {
    const cap = new FrameRateCap(10);
    admitted(cap, 100, 10);
    expect(admitted(cap, 10, 10, 5000)).toBeLessThanOrEqual(2);
    expect(admitted(cap, 10, 100, 6000)).toBeLessThanOrEqual(11);
  });

  it('changes live and refuses nonsense', () => {
    const cap = new FrameRateCap(15);
    cap.setMaxFps(5);
    expect(admitted(cap, 1000 / 30, 300)).toBeLessThanOrEqual(51);
    expect(() => cap.setMaxFps(0)).toThrow(RangeError);
    expect(() => new FrameRateCap(Number.NaN)).toThrow(RangeError);
  });
});
