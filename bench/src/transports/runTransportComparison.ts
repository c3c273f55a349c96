import type { Page } from 'playwright-core';
import { benchReportSchema, type BenchMode, type BenchReport, type BenchRunOptions } from '@dronecast/protocol';
import { measureUsage } from '../processUsage.ts';
import type { NetworkCondition, TransportComparison } from '../resultsSchema.ts';
import { transportMedians } from './transportMedians.ts';

export const loopback: NetworkCondition = {
  name: 'loopback',
  description: 'this machine, no impairment',
  lossPercent: 0,
  delayMs: 0,
  rateKbps: null,
};

export interface TransportComparisonOptions {
  modes: readonly BenchMode[];
  runs: number;
  /** Measuring time per transport and run. */
  seconds: number;
  settleS: number;
  /** One unrecorded run of each mode first (JIT, the JPEG encoder waking up, caches). */
  warmupS: number;
  network?: NetworkCondition;
  /** The SFU's and the ground agent's process trees now (they may have been restarted). */
  pids(): { sfu: number[]; ground: number[] };
  log(line: string): void;
}

/**
 * Drives the /bench page (already open and idle) through its test hook: per mode a warm-up run,
 * then `runs` recorded runs, each with the CPU of the SFU and the ground agent beside it.
 */
export async function runTransportComparison(page: Page, options: TransportComparisonOptions): Promise<TransportComparison[]> {
  const comparisons: TransportComparison[] = [];
  for (const mode of options.modes) {
    options.log(`bench: transports ${mode}: warm-up, ${options.warmupS} s`);
    await runPage(page, { mode, durationS: options.warmupS, settleS: options.settleS });
    const runs: BenchReport[] = [];
    const processes: TransportComparison['processes'] = [];
    for (let i = 1; i <= options.runs; i++) {
      options.log(`bench: transports ${mode}: run ${i} of ${options.runs}, ${options.seconds} s per transport`);
      const { sfu, ground } = options.pids();
      const sfuUsage = measureUsage(sfu);
      const groundUsage = measureUsage(ground);
      runs.push(await runPage(page, { mode, durationS: options.seconds, settleS: options.settleS }));
      processes.push({ sfuWithWorkers: sfuUsage.finish(), groundAgent: groundUsage.finish() });
    }
    comparisons.push({
      network: options.network ?? loopback,
      mode,
      durationS: options.seconds,
      settleS: options.settleS,
      warmupS: options.warmupS,
      quality: runs[0]?.quality ?? null,
      median: transportMedians(runs),
      processes,
      runs,
    });
  }
  return comparisons;
}

async function runPage(page: Page, options: Partial<BenchRunOptions>): Promise<BenchReport> {
  const raw = await page.evaluate((o) => {
    if (!window.__dronecastBench) throw new Error('the page has not published window.__dronecastBench');
    return window.__dronecastBench.run(o);
  }, options);
  return benchReportSchema.parse(raw);
}
