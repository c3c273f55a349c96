import type { CameraSource, PathComparison, PathRunResult, PlayoutDelayEffect, VideoPath } from './passthroughResultsSchema.ts';

/** The goal: passthrough costs the ground agent 1/3 or less of the transcode path's CPU. */
export const cpuRatioGoal = 1 / 3;

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** A run that played as it should, by format, path, source and playout delay. */
function played(runs: readonly PathRunResult[], label: string, path: VideoPath, source: CameraSource, playoutDelay: number | 'off' | null): PathRunResult | undefined {
  return runs.find((r) => r.failure === null && r.measured && r.spec.label === label && r.spec.path === path && r.spec.source === source && r.spec.playoutDelay === playoutDelay);
}

/**
 * Per format and passthrough source (UDP RTP, and RTSP where it ran), passthrough with the default
 * zero playout delay against the format's transcode run: the ground CPU ratio and the latency
 * difference (negative: passthrough is faster). Null where a side failed.
 */
export function comparePaths(runs: readonly PathRunResult[]): PathComparison[] {
  const planned = [...new Map(runs.filter((r) => r.spec.path === 'passthrough' && r.spec.playoutDelay !== 'off').map((r) => [`${r.spec.label} ${r.spec.source}`, r.spec])).values()];
  return planned.map(({ label, source, playoutDelay }) => {
    const pass = played(runs, label, 'passthrough', source, playoutDelay)?.measured ?? null;
    const trans = played(runs, label, 'transcode', 'rtp', null)?.measured ?? null;
    const passCpu = pass?.groundAgent.cpuPercentOfOneCore ?? null;
    const transCpu = trans?.groundAgent.cpuPercentOfOneCore ?? null;
    const cpuRatio = passCpu !== null && transCpu !== null && transCpu > 0 ? round(passCpu / transCpu, 3) : null;
    const delta = (p: 'p50' | 'p95'): number | null => {
      const a = pass?.latencyMs[p] ?? null;
      const b = trans?.latencyMs[p] ?? null;
      return a !== null && b !== null ? round(a - b, 1) : null;
    };
    const p50 = delta('p50');
    const p95 = delta('p95');
    return {
      label,
      source,
      passthroughGroundCpu: passCpu,
      transcodeGroundCpu: transCpu,
      cpuRatio,
      cpuGoalMet: cpuRatio === null ? null : cpuRatio <= cpuRatioGoal,
      latencyP50DeltaMs: p50,
      latencyP95DeltaMs: p95,
      lowerLatency: p50 === null || p95 === null ? null : p50 < 0 && p95 < 0,
    };
  });
}

/** Where the passthrough path ran both with the zero playout delay and without one, from the same source. */
export function playoutDelayEffects(runs: readonly PathRunResult[]): PlayoutDelayEffect[] {
  return runs.flatMap((offRun) => {
    if (offRun.spec.path !== 'passthrough' || offRun.spec.playoutDelay !== 'off' || !offRun.measured || offRun.failure) return [];
    const zero = played(runs, offRun.spec.label, 'passthrough', offRun.spec.source, 0)?.measured;
    if (!zero) return [];
    const pick = (m: NonNullable<PathRunResult['measured']>) => ({ p50: m.latencyMs.p50, p95: m.latencyMs.p95 });
    return [{ label: offRun.spec.label, zero: pick(zero), off: pick(offRun.measured) }];
  });
}
