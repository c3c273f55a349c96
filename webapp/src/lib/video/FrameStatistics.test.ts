import { describe, expect, it } from 'vitest';
import { FrameStatistics, frameNumberModulo } from './FrameStatistics.ts';

/** Presents frames `numbers` at 30 fps from t=0, each stamped with a 50 ms latency. */
function play(statistics: FrameStatistics, numbers: number[], start = 0): number {
  let t = start;
  for (const n of numbers) {
    statistics.presented(t, 1, 640, 480);
    statistics.stamped(n, 50);
    t += 1000 / 30;
  }
  return t;
}

describe('FrameStatistics', () => {
  it('counts fps over the last second, latency percentiles and the frame size', () => {
    const statistics = new FrameStatistics();
    const end = play(statistics, Array.from({ length: 60 }, (_, i) => i));
    const stats = statistics.stats(end);
    expect(stats.fps).toBe(30);
    expect(stats.latencyMs).toEqual({ last: 50, p50: 50, p95: 50 });
    expect([stats.width, stats.height, stats.framesPresented, stats.framesStamped]).toEqual([640, 480, 60, 60]);
    expect(stats.frameNumberGaps).toBe(0);
  });

  it('counts source frames that never reached the screen, not the ones shown unstamped', () => {
    const statistics = new FrameStatistics();
    play(statistics, [1, 2, 3, 7, 8]);
    expect(statistics.stats()).toMatchObject({ frameNumberGaps: 1, framesMissing: 3 });
    // Two frames shown without a readable stamp between 8 and 11: nothing missing.
    statistics.presented(400, 2, 640, 480);
    statistics.presented(433, 1, 640, 480);
    statistics.stamped(11, 50);
    expect(statistics.stats()).toMatchObject({ frameNumberGaps: 1, framesMissing: 3 });
  });

  it('does not count a new stream, a wrap of the 24-bit number or a repeat as losses', () => {
    const statistics = new FrameStatistics();
    play(statistics, [frameNumberModulo - 2, frameNumberModulo - 1, 0, 1]);
    statistics.newStream();
    play(statistics, [5000, 5001], 2000);
    play(statistics, [5001], 3000);
    expect(statistics.stats()).toMatchObject({ frameNumberGaps: 0, framesMissing: 0, framesStamped: 7 });
  });

  it('keeps the raw series for the benchmark, capped, and clears them on reset', () => {
    const statistics = new FrameStatistics({ maxSamples: 10 });
    play(statistics, Array.from({ length: 30 }, (_, i) => i));
    const samples = statistics.samples();
    expect(samples.latencyMs).toHaveLength(10);
    expect(samples.frameIntervalMs.every((ms) => Math.abs(ms - 1000 / 30) < 1e-6)).toBe(true);
    statistics.reset();
    expect(statistics.samples()).toEqual({ latencyMs: [], frameIntervalMs: [] });
    expect(statistics.stats()).toMatchObject({ framesPresented: 0, latencyMs: { last: null, p50: null } });
  });
});
