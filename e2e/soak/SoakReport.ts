import { actionKinds, outcomes, type ActionTally, type Problem } from './ActionTally.ts';
import type { Sample } from './ResourceSampler.ts';
import { inventoryFields, type SfuInventory } from './sfuInventory.ts';

/** Growth is measured from the first sample after this: start-up allocations and caches are not a leak. */
export function warmUpSeconds(churnSeconds: number): number {
  return Math.min(60, 0.2 * churnSeconds);
}

export interface Growth {
  first: number;
  last: number;
  growth: number;
  max: number;
  /** Least-squares slope over the measured samples, per 10 minutes: steadier than last - first. */
  per10Min: number;
}

export interface ProcessGrowth {
  name: string;
  pid: number;
  rssMb: Growth;
  fds: Growth;
  threads: Growth;
  cpuSeconds: number;
  childrenMax: number;
  zombiesMax: number;
}

export interface SoakSummary {
  processes: ProcessGrowth[];
  inventory: { field: keyof SfuInventory; before: number | null; first: number | null; last: number | null; max: number | null; after: number | null }[];
}

/** The samples of the churn after the warm-up, per process: where it started, ended, peaked and trends. */
export function summarize(samples: Sample[], fromSecond: number, toSecond: number, before: SfuInventory | null, after: SfuInventory | null): SoakSummary {
  const measured = samples.filter((s) => s.t >= fromSecond && s.t <= toSecond);
  const names = [...new Set(measured.flatMap((s) => Object.keys(s.processes)))];
  const processes = names.map((name): ProcessGrowth => {
    const points = measured.flatMap((s) => (s.processes[name] ? [{ t: s.t, p: s.processes[name] }] : []));
    const series = (pick: (p: Sample['processes'][string]) => number) => growthOf(points.map(({ t, p }) => ({ t, v: pick(p) })));
    const first = points[0]?.p;
    const last = points.at(-1)?.p;
    return {
      name,
      pid: last?.pid ?? 0,
      rssMb: series((p) => p.rssMb),
      fds: series((p) => p.fds),
      threads: series((p) => p.threads),
      cpuSeconds: Math.round(((last?.cpuSeconds ?? 0) - (first?.cpuSeconds ?? 0)) * 10) / 10,
      childrenMax: Math.max(0, ...points.map(({ p }) => p.children)),
      zombiesMax: Math.max(0, ...points.map(({ p }) => p.zombies)),
    };
  });
  const scraped = measured.flatMap((s) => (s.inventory ? [s.inventory] : []));
  const inventory = inventoryFields.map((field) => ({
    field,
    before: before?.[field] ?? null,
    first: scraped[0]?.[field] ?? null,
    last: scraped.at(-1)?.[field] ?? null,
    max: scraped.length > 0 ? Math.max(...scraped.map((i) => i[field])) : null,
    after: after?.[field] ?? null,
  }));
  return { processes, inventory };
}

function growthOf(points: { t: number; v: number }[]): Growth {
  const first = points[0]?.v ?? 0;
  const last = points.at(-1)?.v ?? 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { first, last, growth: round(last - first), max: Math.max(first, ...points.map((p) => p.v)), per10Min: round(slope(points) * 600) };
}

function slope(points: { t: number; v: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanT = points.reduce((s, p) => s + p.t, 0) / n;
  const meanV = points.reduce((s, p) => s + p.v, 0) / n;
  const spread = points.reduce((s, p) => s + (p.t - meanT) ** 2, 0);
  return spread === 0 ? 0 : points.reduce((s, p) => s + (p.t - meanT) * (p.v - meanV), 0) / spread;
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function formatSummary(summary: SoakSummary, window: { from: number; to: number }): string {
  const processTable = table(
    ['process', 'pid', 'RSS MB first', 'last', 'growth', 'max', '/10 min', 'fds first', 'last', 'growth', 'max', '/10 min', 'threads', 'CPU s', 'children max'],
    summary.processes.map((p) => [
      p.name,
      p.pid,
      p.rssMb.first,
      p.rssMb.last,
      signed(p.rssMb.growth),
      p.rssMb.max,
      signed(p.rssMb.per10Min),
      p.fds.first,
      p.fds.last,
      signed(p.fds.growth),
      p.fds.max,
      signed(p.fds.per10Min),
      `${p.threads.first}->${p.threads.last}`,
      p.cpuSeconds,
      p.zombiesMax > 0 ? `${p.childrenMax} (${p.zombiesMax} zombie)` : p.childrenMax,
    ]),
  );
  const inventoryTable = table(
    ['SFU /metrics', 'before phones', 'first', 'last', 'max', 'after all left'],
    summary.inventory.map((i) => [i.field, i.before, i.first, i.last, i.max, i.after]),
  );
  return `Processes, from t=${window.from}s (after the warm-up) to t=${window.to}s of the churn:\n${processTable}\n\n${inventoryTable}`;
}

export function formatActions(tally: ActionTally, droneCommands: number): string {
  const rows = actionKinds.map((kind) => [kind, ...outcomes.map((o) => tally.counts[kind][o])]);
  const totals = outcomes.map((o) => actionKinds.reduce((sum, k) => sum + tally.counts[k][o], 0));
  return `${table(['action', ...outcomes], [...rows, ['total', ...totals]])}\n(drone commands sent: ${droneCommands})`;
}

/** Failures one by one (they matter); refusals and client warnings grouped by message. */
export function formatProblems(problems: Problem[], warnings: string[]): string {
  const failures = problems.filter((p) => p.outcome === 'failed');
  const refusals = grouped(problems.filter((p) => p.outcome === 'refused').map((p) => `${p.kind}: ${p.message}`));
  const out = [`Failures (${failures.length}):`, ...failures.map((p) => `  t=${p.at}s ${p.kind}${p.phone ? ` ${p.phone}` : ''}: ${p.message}`)];
  out.push(`Refusals (${refusals.reduce((s, [, n]) => s + n, 0)}, expected under churn):`, ...refusals.slice(0, 15).map(([m, n]) => `  ${n}x ${m}`));
  const warned = grouped(warnings.map((w) => w.replace(/-\d+(\/| )/, '-N$1').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')));
  out.push(`Client-side warnings (${warnings.length}):`, ...warned.slice(0, 10).map(([m, n]) => `  ${n}x ${m.slice(0, 240)}`));
  return out.join('\n');
}

function grouped(lines: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}
