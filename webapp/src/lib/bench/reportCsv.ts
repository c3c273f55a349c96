import type { BenchReport, BenchTransportResult } from '@dronecast/protocol';

type Cell = string | number | boolean | null;

/** The columns of the CSV export: one row per transport, the settings repeated on each row. */
const columns: [string, (report: BenchReport, result: BenchTransportResult) => Cell][] = [
  ['started_at', (r) => r.startedAt],
  ['mode', (r) => r.mode],
  ['transport', (_, t) => t.transport],
  ['outcome', (_, t) => t.outcome],
  ['resolution', (r) => r.quality?.resolution ?? null],
  ['source_fps', (r) => r.quality?.fps ?? null],
  ['jpeg_quality', (r) => r.quality?.jpegQuality ?? null],
  ['webrtc_max_kbps', (r) => r.quality?.maxBitrateKbps ?? null],
  ['quality_changed', (r) => r.qualityChanged],
  ['measured_s', (_, t) => t.measuredS],
  ['startup_ms', (_, t) => t.startupMs],
  ['latency_p50_ms', (_, t) => t.latencyMs.p50],
  ['latency_p95_ms', (_, t) => t.latencyMs.p95],
  ['latency_p99_ms', (_, t) => t.latencyMs.p99],
  ['latency_mean_ms', (_, t) => t.latencyMs.mean],
  ['latency_samples', (_, t) => t.latencyMs.samples],
  ['frames_received', (_, t) => t.frames.received],
  ['frames_delivered', (_, t) => t.frames.delivered],
  ['frames_expected', (_, t) => t.frames.expected],
  ['frames_missing', (_, t) => t.frames.missing],
  ['delivered_fps', (_, t) => t.deliveredFps],
  ['jitter_p95_ms', (_, t) => t.jitterP95Ms],
  ['stalls_over_200ms', (_, t) => t.stallsOver200Ms],
  ['longest_interval_ms', (_, t) => t.longestIntervalMs],
  ['kbps', (_, t) => t.kbps],
  ['bytes_per_frame', (_, t) => t.bytesPerFrame],
  ['main_thread_ms_per_frame', (_, t) => t.mainThreadMsPerFrame],
  ['width', (_, t) => t.width],
  ['height', (_, t) => t.height],
  ['clock_rtt_ms', (r) => r.clock?.rttMs ?? null],
  ['message', (_, t) => t.message],
];

/** RFC 4180: quote a cell holding a comma, quote or line break, doubling its quotes; null is empty. */
function cell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The results table as CSV (header + one row per transport), CRLF line ends as spreadsheets expect. */
export function reportCsv(report: BenchReport): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (const result of report.transports) lines.push(columns.map(([, read]) => cell(read(report, result))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export const reportCsvColumns: readonly string[] = columns.map(([name]) => name);
