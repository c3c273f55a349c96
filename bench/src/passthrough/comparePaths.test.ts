import { describe, expect, it } from 'vitest';
import { comparePaths, playoutDelayEffects } from './comparePaths.ts';
import { planRuns } from './passthroughPlan.ts';
import { failedRun, playedRun, results } from './testing/fixtures.ts';

describe('comparing the two paths', () => {
  it('divides passthrough ground CPU by transcode ground CPU per format and source, and holds it to 1/3 with lower latency', () => {
    const [vga, vgaRtsp, hd, hd60, ...rest] = results().comparisons;
    expect(rest).toEqual([]);
    expect(vga).toMatchObject({ label: '640x480@30', source: 'rtp', cpuRatio: 0.364, cpuGoalMet: false, latencyP50DeltaMs: -236, lowerLatency: true });
    // The RTSP passthrough against the same transcode run as the UDP one.
    expect(vgaRtsp).toMatchObject({ label: '640x480@30', source: 'rtsp', passthroughGroundCpu: 9, transcodeGroundCpu: 33, cpuRatio: 0.273, cpuGoalMet: true, latencyP50DeltaMs: -220, lowerLatency: true });
    expect(hd).toMatchObject({ label: '1280x720@30', source: 'rtp', passthroughGroundCpu: 14, transcodeGroundCpu: 70, cpuRatio: 0.2, cpuGoalMet: true });
    // A path that did not play is not compared, rather than compared with nothing.
    expect(hd60).toMatchObject({ label: '1280x720@60', source: 'rtp', cpuRatio: null, cpuGoalMet: null, lowerLatency: null });
  });

  it('compares the zero-delay passthrough runs, not the one without a playout delay', () => {
    const [pass, rtsp, off, trans] = planRuns([{ width: 640, height: 480, fps: 30 }], { playoutDelayOffAt: '640x480@30', rtspAt: '640x480@30' });
    const runs = [playedRun(off!, 5, 10), playedRun(rtsp!, 20, 60), playedRun(pass!, 10, 30), playedRun(trans!, 40, 20)];
    expect(comparePaths(runs)).toMatchObject([
      { source: 'rtsp', cpuRatio: 0.5, latencyP50DeltaMs: 40, lowerLatency: false },
      { source: 'rtp', cpuRatio: 0.25, latencyP50DeltaMs: 10, lowerLatency: false },
    ]);
  });

  it('does not compare an RTSP passthrough that did not play', () => {
    const [pass, rtsp, trans] = planRuns([{ width: 640, height: 480, fps: 30 }], { playoutDelayOffAt: undefined, rtspAt: '640x480@30' });
    const runs = [playedRun(pass!, 10, 30), failedRun(rtsp!, 'the phone page did not play within 60 s'), playedRun(trans!, 40, 20)];
    expect(comparePaths(runs)).toMatchObject([
      { source: 'rtp', cpuRatio: 0.25 },
      { source: 'rtsp', passthroughGroundCpu: null, transcodeGroundCpu: 40, cpuRatio: null, cpuGoalMet: null },
    ]);
  });

  it('reports the playout delay\'s effect where both passthrough runs played', () => {
    expect(playoutDelayEffects(results().runs)).toEqual([{ label: '640x480@30', zero: { p50: 14, p95: 34 }, off: { p50: 20, p95: 40 } }]);
  });
});
