import { percentile, round, type BenchTimelinePoint } from '@dronecast/protocol';
import { jitterP95Ms } from './frameIntervals.ts';

/** What one transport did during one tick of the live charts. */
export interface TickSlice {
  /** Seconds since measuring began, at the end of this tick. */
  t: number;
  /** Length of the tick, seconds (about 1). */
  seconds: number;
  frames: number;
  latenciesMs: readonly number[];
  intervalsMs: readonly number[];
  bytes: number;
  sourceFps: number;
}

/** One point per transport per second: the live charts' fps, latency, jitter and bandwidth. */
export function timelinePoint(slice: TickSlice): BenchTimelinePoint {
  const perSecond = (value: number): number => (slice.seconds > 0 ? value / slice.seconds : 0);
  const latency = percentile(slice.latenciesMs, 50);
  const jitter = jitterP95Ms(slice.intervalsMs, slice.sourceFps);
  return {
    t: round(slice.t, 2),
    fps: round(perSecond(slice.frames), 1),
    latencyMs: latency === null ? null : round(latency),
    jitterMs: jitter === null ? null : round(jitter),
    kbps: round(perSecond((slice.bytes * 8) / 1000)),
  };
}
