import { percentile } from '@dronecast/protocol';

/** A gap between presented frames longer than this is a stall a person notices. */
export const stallThresholdMs = 200;

/**
 * Frame-interval jitter: the 95th percentile of how far each interval between presented frames
 * is from the source's (1000/fps). A transport that shows every frame evenly scores near 0; one
 * that skips or bunches frames scores about a frame interval or more. Null with no interval.
 */
export function jitterP95Ms(intervalsMs: readonly number[], sourceFps: number): number | null {
  if (intervalsMs.length === 0 || !(sourceFps > 0)) return null;
  const nominal = 1000 / sourceFps;
  return percentile(
    intervalsMs.map((interval) => Math.abs(interval - nominal)),
    95,
  );
}

export function stallsOver(intervalsMs: readonly number[], thresholdMs = stallThresholdMs): number {
  return intervalsMs.filter((interval) => interval > thresholdMs).length;
}
