import { describe, expect, it } from 'vitest';
import { FrameRateGate } from './FrameRateGate.ts';

/** How many of `seconds` worth of frames at sourceFps the gate lets through. */
function admitted(gate: FrameRateGate, sourceFps: number, seconds: number, startMs = 0): number {
  let count = 0;
  for (let i = 0; i < sourceFps * seconds; i++) if (gate.admit(startMs + (i * 1000) / sourceFps)) count++;
  return count;
}

describe('FrameRateGate', () => {
  it('caps a faster source at the maximum rate', () => {
    expect(admitted(new FrameRateGate(10), 30, 10)).toBe(100);
    expect(admitted(new FrameRateGate(10), 12, 10)).toBeLessThanOrEqual(101);
  });

  it('lets every other frame of a 30 fps source through at 15 fps, despite rounding', () => {
    expect(admitted(new FrameRateGate(15), 30, 10)).toBe(150);
  });

  it('passes a slower source untouched', () => {
    expect(admitted(new FrameRateGate(10), 5, 10)).toBe(50);
  });

  it('changes rate live, from the next frame', () => {
    const gate = new FrameRateGate(1);
    expect(gate.admit(0)).toBe(true);
    expect(gate.admit(100)).toBe(false);
    gate.setMaxFps(10);
    expect(gate.maxFps).toBe(10);
    expect(admitted(gate, 30, 1, 100)).toBe(10);
  });

  it('refuses rates it cannot mean', () => {
    expect(() => new FrameRateGate(0)).toThrow(/above 0 and at most 60 fps, not 0/);
    expect(() => new FrameRateGate(1).setMaxFps(Number.NaN)).toThrow(RangeError);
  });
});
