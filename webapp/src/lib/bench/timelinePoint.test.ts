import { describe, expect, it } from 'vitest';
import { timelinePoint } from './timelinePoint.ts';

describe('timelinePoint', () => {
  it('turns one tick into per-second rates, the median latency and the jitter', () => {
    const point = timelinePoint({
      t: 3.002,
      seconds: 0.5,
      frames: 15,
      latenciesMs: [40, 60, 50],
      intervalsMs: [33.3, 33.3, 66.7],
      bytes: 62_500,
      sourceFps: 30,
    });
    expect(point).toEqual({ t: 3, fps: 30, latencyMs: 50, jitterMs: 33.4, kbps: 1000 });
  });

  it('has no latency or jitter in a second without frames', () => {
    expect(timelinePoint({ t: 1, seconds: 1, frames: 0, latenciesMs: [], intervalsMs: [], bytes: 0, sourceFps: 30 })).toEqual({
      t: 1,
      fps: 0,
      latencyMs: null,
      jitterMs: null,
      kbps: 0,
    });
  });
});
