import type { BenchTimelinePoint, VideoTransport } from '@dronecast/protocol';

export type ChartMetric = 'fps' | 'latencyMs' | 'jitterMs' | 'kbps';

/** The four live charts: what each plots and in which unit. */
export const chartMetrics: readonly { metric: ChartMetric; title: string; unit: string }[] = [
  { metric: 'fps', title: 'Received frame rate', unit: 'fps' },
  { metric: 'latencyMs', title: 'Glass-to-glass latency (median each second)', unit: 'ms' },
  { metric: 'jitterMs', title: 'Frame-interval jitter (p95 each second)', unit: 'ms' },
  { metric: 'kbps', title: 'Bandwidth', unit: 'kbit/s' },
];

/**
 * uPlot's columns for one metric: x is seconds since each transport began measuring (so runs one
 * after another lie over each other), one column per transport, null where it has no point.
 */
export function chartColumns(
  timelines: Partial<Record<VideoTransport, readonly BenchTimelinePoint[]>>,
  transports: readonly VideoTransport[],
  metric: ChartMetric,
): [number[], ...(number | null)[][]] {
  const key = (t: number): number => Math.round(t * 10) / 10;
  const xs = [...new Set(transports.flatMap((transport) => (timelines[transport] ?? []).map((p) => key(p.t))))].sort((a, b) => a - b);
  const columns = transports.map((transport) => {
    const byT = new Map((timelines[transport] ?? []).map((p) => [key(p.t), p[metric]]));
    return xs.map((x) => byT.get(x) ?? null);
  });
  return [xs, ...columns];
}
