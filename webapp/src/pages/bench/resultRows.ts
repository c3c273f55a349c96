import type { BenchTransportResult } from '@dronecast/protocol';

/** One row of the results table: what it is, and how a transport's value reads. */
export interface ResultRow {
  key: string;
  label: string;
  value: (result: BenchTransportResult) => string;
}

const dash = '–';
const number = (value: number | null, digits = 0): string =>
  value === null ? dash : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const outcomes: Record<BenchTransportResult['outcome'], string> = {
  measured: 'measured',
  failed: 'failed',
  unavailable: 'not offered',
  skipped: 'skipped',
};

/** The results table, top to bottom: latency first (what people feel), then smoothness, then cost. */
export const resultRows: readonly ResultRow[] = [
  { key: 'outcome', label: 'Outcome', value: (r) => (r.message ? `${outcomes[r.outcome]} (${r.message})` : outcomes[r.outcome]) },
  { key: 'latency-p50', label: 'Latency p50 (ms)', value: (r) => number(r.latencyMs.p50) },
  { key: 'latency-p95', label: 'Latency p95 (ms)', value: (r) => number(r.latencyMs.p95) },
  { key: 'latency-p99', label: 'Latency p99 (ms)', value: (r) => number(r.latencyMs.p99) },
  { key: 'frames', label: 'Frames delivered / expected', value: (r) => `${number(r.frames.delivered)} / ${number(r.frames.expected)}` },
  { key: 'received', label: 'Frames received (shown or not)', value: (r) => number(r.frames.received) },
  { key: 'fps', label: 'Delivered fps', value: (r) => number(r.deliveredFps, 1) },
  { key: 'jitter-p95', label: 'Frame-interval jitter p95 (ms)', value: (r) => number(r.jitterP95Ms, 1) },
  { key: 'stalls', label: 'Stalls over 200 ms', value: (r) => number(r.stallsOver200Ms) },
  { key: 'longest', label: 'Longest gap (ms)', value: (r) => number(r.longestIntervalMs) },
  { key: 'kbps', label: 'Bandwidth (kbit/s)', value: (r) => number(r.kbps) },
  { key: 'bytes-per-frame', label: 'Bytes per frame received', value: (r) => number(r.bytesPerFrame) },
  { key: 'cpu-per-frame', label: 'Main-thread CPU per frame (ms)', value: (r) => number(r.mainThreadMsPerFrame, 2) },
  { key: 'startup', label: 'First frame after (ms)', value: (r) => number(r.startupMs) },
  { key: 'size', label: 'Picture', value: (r) => (r.width > 0 ? `${r.width}×${r.height}` : dash) },
];
