import { cpuRatioGoal } from './comparePaths.ts';
import { pathName } from './passthroughPlan.ts';
import type { PassthroughResults, PathRunResult } from './passthroughResultsSchema.ts';

const columns = ['format', 'path', 'delay', 'codec', 'ground%', 'sfu%', 'camera%', 'p50 ms', 'p95 ms', 'p99 ms', 'fps', 'missing', 'kbit/s', 'MB', 'received', 'load 1m'] as const;

const show = (value: number | null | undefined): string => (value === null || value === undefined || Number.isNaN(value) ? '-' : String(value));

function row(run: PathRunResult): string[] {
  const m = run.measured;
  const delay = run.spec.playoutDelay === null ? '-' : run.spec.playoutDelay === 'off' ? 'off' : `${run.spec.playoutDelay} ms`;
  return [
    run.spec.label,
    pathName(run.spec),
    delay,
    m?.codec?.replace(/^video\//, '') ?? '-',
    show(m?.groundAgent.cpuPercentOfOneCore),
    show(m?.sfuWithWorkers.cpuPercentOfOneCore),
    show(m?.camera.cpuPercentOfOneCore),
    show(m?.latencyMs.p50),
    show(m?.latencyMs.p95),
    show(m?.latencyMs.p99),
    show(m?.deliveredFps),
    show(m?.framesMissing),
    show(m?.kbps),
    m?.bytes === null || m?.bytes === undefined ? '-' : (m.bytes / 1e6).toFixed(1),
    m ? `${m.width}x${m.height}` : '-',
    run.loadAverage[0]!.toFixed(2),
  ];
}

/** The text columns; the rest are numbers, right-aligned. */
const textColumns = new Set<string>(['format', 'path', 'delay', 'codec', 'received']);

/** Columns padded to their widest cell. */
function table(rows: string[][]): string[] {
  const widths = columns.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (textColumns.has(columns[i]!) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

/** The passthrough bench for the terminal: one line per run, then the goal per format and source, the playout delay, and what went wrong. */
export function formatPassthroughTable(results: PassthroughResults): string {
  const { machine, settings } = results;
  const goal = `1/${Math.round(1 / cpuRatioGoal)}`;
  const lines = [
    `Passthrough vs transcode (issue 19): the same stamped camera picture, ${settings.seconds} s per run after ${settings.warmupS} s of warm-up`,
    `  ${machine.cpus} cores, load average ${machine.loadAverage.join(' ')} at the start, ${results.loadAverageAtEnd.join(' ')} at the end; CPU in % of one core (process trees)`,
    ...table([[...columns], ...results.runs.map(row)]).map((l) => `  ${l}`),
    `Ground agent CPU, passthrough / transcode (goal: ${goal} or less, with lower latency):`,
    ...results.comparisons.map((c) => {
      // The UDP RTP passthrough is the format's own line; the RTSP one says so.
      const label = c.source === 'rtsp' ? `${c.label} (RTSP)` : c.label;
      if (c.cpuRatio === null) return `  ${label}: not compared (a path did not play)`;
      const verdict = c.cpuGoalMet ? 'meets' : 'misses';
      const latency = c.lowerLatency === null ? 'latency not compared' : `latency p50 ${signed(c.latencyP50DeltaMs)} ms, p95 ${signed(c.latencyP95DeltaMs)} ms (${c.lowerLatency ? 'lower' : 'not lower'})`;
      return `  ${label}: ${c.passthroughGroundCpu}% / ${c.transcodeGroundCpu}% = ${c.cpuRatio.toFixed(2)} (${verdict} ${goal}); ${latency}`;
    }),
    ...(results.playoutDelay.length > 0 ? ['Zero playout delay on the passthrough path (before: --playout-delay off, after: 0):'] : []),
    ...results.playoutDelay.map((e) => `  ${e.label}: p50 ${show(e.off.p50)} -> ${show(e.zero.p50)} ms, p95 ${show(e.off.p95)} -> ${show(e.zero.p95)} ms`),
    ...results.runs.flatMap((r) => [
      ...(r.failure ? [`FAILED ${r.spec.label} ${pathName(r.spec)}${r.spec.playoutDelay === 'off' ? ' (playout delay off)' : ''}: ${r.failure}`] : []),
      ...r.notes.map((n) => `note: ${r.spec.label} ${pathName(r.spec)}: ${n}`),
    ]),
  ];
  return lines.join('\n');
}

function signed(value: number | null): string {
  if (value === null) return '-';
  return value > 0 ? `+${value}` : String(value);
}
