import os from 'node:os';
import type { Browser } from 'playwright-core';
import { describeMachine } from '../machine.ts';
import { comparePaths, playoutDelayEffects } from './comparePaths.ts';
import { measurePathRun } from './measurePathRun.ts';
import { formatLabel, planRuns } from './passthroughPlan.ts';
import type { BenchFormat, PassthroughResults, PathRunResult } from './passthroughResultsSchema.ts';

export interface PassthroughComparisonOptions {
  browser: Browser;
  formats: readonly BenchFormat[];
  /** The format at which the passthrough path also runs with --playout-delay off; none: undefined. */
  playoutDelayOffAt: string | undefined;
  /** The format at which the passthrough path also runs from the camera served over RTSP; none: undefined or left out (npm run bench). */
  rtspAt?: string | undefined;
  seconds: number;
  warmupS: number;
  /** The camera's keyframe interval (issue 19 asks cameras for 1 s or less). */
  gopSeconds: number;
  /** Each run's stack logs go here. */
  logDir: string;
  log(line: string): void;
}

/** Issue 19's bench: every planned run, one after the other, each on a stack of its own, then the comparisons. */
export async function runPassthroughComparison(options: PassthroughComparisonOptions): Promise<PassthroughResults> {
  const machine = describeMachine(options.browser.version(), os.loadavg());
  const runs: PathRunResult[] = [];
  for (const spec of planRuns(options.formats, { playoutDelayOffAt: options.playoutDelayOffAt, rtspAt: options.rtspAt })) runs.push(await measurePathRun(spec, options));
  return {
    date: new Date().toISOString(),
    machine,
    settings: { seconds: options.seconds, warmupS: options.warmupS, gopSeconds: options.gopSeconds, formats: options.formats.map(formatLabel) },
    runs,
    comparisons: comparePaths(runs),
    playoutDelay: playoutDelayEffects(runs),
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
