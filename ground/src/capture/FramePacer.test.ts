import { describe, expect, it } from 'vitest';
import { FramePacer } from './FramePacer.ts';

/** Feeds arrival times and returns the copies written for each. */
function pace(fps: number, arrivals: number[]): number[] {
  const pacer = new FramePacer(fps);
  return arrivals.map((t) => pacer.copiesFor(t));
}

describe('FramePacer', () => {
  it('writes each frame once when frames come on time, jitter included', () => {
    expect(pace(10, [1000, 1098, 1203, 1297, 1400])).toEqual([1, 1, 1, 1, 1]);
  });

  it('repeats the last frame over a gap so the length stays true to the clock', () => {
    const pacer = new FramePacer(10);
    const copies = [0, 100, 500, 600].map((t) => pacer.copiesFor(t));
    expect(copies).toEqual([1, 1, 4, 1]);
    expect(pacer.framesWritten).toBe(7);
  });

  it('drops frames that come faster than the recording rate', () => {
    // A 30 fps source into a 10 fps recording over one second: 10 or 11 frames, not 30.
    const pacer = new FramePacer(10);
    for (let i = 0; i < 30; i++) pacer.copiesFor(i * 33.3);
    expect(pacer.framesWritten).toBeGreaterThanOrEqual(10);
    expect(pacer.framesWritten).toBeLessThanOrEqual(11);
  });

  it('fills at most two seconds of a stalled source', () => {
    const pacer = new FramePacer(10);
    pacer.copiesFor(0);
    expect(pacer.copiesFor(60_000)).toBe(20);
    expect(pacer.copiesFor(60_100)).toBe(1);
  });
});
