import { round, videoTransports, type BenchReport, type BenchTimelinePoint, type BenchTransportResult, type VideoTransport } from '@dronecast/protocol';
import type { TransportMedian } from '../resultsSchema.ts';
import { median } from './median.ts';

const rounded = (value: number | null, digits = 1): number | null => (value === null ? null : round(value, digits));

/**
 * Each transport's numbers over several runs of the same mode: the median of every run that
 * measured it, with the lowest and highest latency p50 and fps to show how much runs differed.
 */
export function transportMedians(reports: readonly BenchReport[]): TransportMedian[] {
  const present = videoTransports.filter((t) => reports.some((r) => r.transports.some((x) => x.transport === t)));
  return present.map((transport) => {
    const all = reports.flatMap((r) => r.transports.filter((x) => x.transport === transport));
    const runs = all.filter((x) => x.outcome === 'measured');
    const of = (read: (x: BenchTransportResult) => number | null, digits = 1): number | null => rounded(median(runs.map(read)), digits);
    const range = (read: (x: BenchTransportResult) => number | null): [number, number] | null => {
      const values = runs.map(read).filter((v): v is number => v !== null);
      return values.length === 0 ? null : [Math.min(...values), Math.max(...values)];
    };
    return {
      transport,
      runsMeasured: runs.length,
      runs: all.length,
      // Why a run did not measure it (the first reason), so a table can say so.
      notMeasured: all.find((x) => x.outcome !== 'measured')?.message ?? null,
      latencyMs: { p50: of((x) => x.latencyMs.p50), p95: of((x) => x.latencyMs.p95), p99: of((x) => x.latencyMs.p99) },
      latencyP50RangeMs: range((x) => x.latencyMs.p50),
      framesReceived: of((x) => x.frames.received, 0),
      framesDelivered: of((x) => x.frames.delivered, 0),
      framesExpected: of((x) => x.frames.expected, 0),
      deliveredFps: of((x) => x.deliveredFps, 2),
      deliveredFpsRange: range((x) => x.deliveredFps),
      jitterP95Ms: of((x) => x.jitterP95Ms),
      stallsOver200Ms: of((x) => x.stallsOver200Ms),
      kbps: of((x) => x.kbps),
      bytesPerFrame: of((x) => x.bytesPerFrame, 0),
      mainThreadMsPerFrame: of((x) => x.mainThreadMsPerFrame, 3),
      startupMs: of((x) => x.startupMs, 0),
    };
  });
}

/** Per transport, each second's median over the runs: the report's charts, smoother than any one run. */
export function medianTimelines(reports: readonly BenchReport[]): Partial<Record<VideoTransport, BenchTimelinePoint[]>> {
  const out: Partial<Record<VideoTransport, BenchTimelinePoint[]>> = {};
  for (const transport of videoTransports) {
    const timelines = reports.flatMap((r) => r.transports.filter((x) => x.transport === transport && x.outcome === 'measured').map((x) => x.timeline));
    if (timelines.length === 0) continue;
    const seconds = Math.max(...timelines.map((t) => t.length));
    out[transport] = Array.from({ length: seconds }, (_, i) => {
      const points = timelines.map((t) => t[i]).filter((p): p is BenchTimelinePoint => p !== undefined);
      return {
        t: i + 1,
        fps: rounded(median(points.map((p) => p.fps))) ?? 0,
        latencyMs: rounded(median(points.map((p) => p.latencyMs))),
        jitterMs: rounded(median(points.map((p) => p.jitterMs))),
        kbps: rounded(median(points.map((p) => p.kbps))) ?? 0,
      };
    });
  }
  return out;
}
