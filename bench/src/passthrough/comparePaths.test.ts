import { describe, expect, it } from 'vitest';
import { comparePaths, playoutDelayEffects } from './comparePaths.ts';
import { planRuns } from './passthroughPlan.ts';
import { results, playedRun } from './testing/fixtures.ts';

describe('comparing the two paths', () => {
  it('divides passthrough ground CPU by transcode ground CPU per format, and holds it to 1/3 with lower latency', () => {
    const [vga, hd, hd60] = results().comparisons;
    expect(vga).toMatchObject({ label: '640x480@30', cpuRatio: 0.364, cpuGoalMet: false, latencyP50DeltaMs: -236, lowerLatency: true });
    expect(hd).toMatchObject({ label: '1280x720@30', passthroughGroundCpu: 14, transcodeGroundCpu: 70, cpuRatio: 0.2, cpuGoalMet: true });
    // A path that did not play is not compared, rather than compared with nothing.
    expect(hd60).toMatchObject({ label: '1280x720@60', cpuRatio: null, cpuGoalMet: null, lowerLatency: null });
  });

  it('compares the zero-delay passthrough run, not the one without a playout delay', () => {
    const [pass, off, trans] = planRuns([{ width: 640, height: 480, fps: 30 }], '640x480@30');
    const runs = [playedRun(off!, 5, 10), playedRun(pass!, 10, 30), playedRun(trans!, 40, 20)];
    expect(comparePaths(runs)[0]).toMatchObject({ cpuRatio: 0.25, latencyP50DeltaMs: 10, lowerLatency: false });
  });

  it('reports the playout delay\'s effect where both passthrough runs played', () => {
    expect(playoutDelayEffects(results().runs)).toEqual([{ label: '640x480@30', zero: { p50: 14, p95: 34 }, off: { p50: 20, p95: 40 } }]);
  });
});
