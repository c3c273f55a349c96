import type { FanoutResults } from '../resultsSchema.ts';
import { formatFanout, formatFanoutComparison } from './formatFanout.ts';
import { defaultFanoutOptions, measureFanout } from './measureFanout.ts';

/**
 * `npm run bench:fanout`: the SFU fan-out bench alone (also part of `npm run bench`), once per
 * SFU worker count in BENCH_FANOUT_WORKERS (default "1,2": one worker, then the producer's router
 * piped to a second worker's router with the consumers dealt over both).
 */
const workerCounts = (process.env.BENCH_FANOUT_WORKERS ?? '1,2').split(',').map(Number);
const options = {
  ...defaultFanoutOptions,
  maxConsumers: Number(process.env.BENCH_FANOUT_MAX ?? defaultFanoutOptions.maxConsumers),
  step: Number(process.env.BENCH_FANOUT_STEP ?? defaultFanoutOptions.step),
};

async function run(): Promise<FanoutResults[]> {
  if (workerCounts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BENCH_FANOUT_WORKERS: a comma list of worker counts, e.g. 1,2');
  const results: FanoutResults[] = [];
  for (const sfuWorkers of workerCounts) {
    const result = await measureFanout({ ...options, sfuWorkers }, (line) => process.stderr.write(`${line}\n`));
    process.stderr.write(`${formatFanout(result)}\n`);
    results.push(result);
  }
  return results;
}

run().then(
  (results) => {
    process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
    process.stderr.write(`${formatFanoutComparison(results)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`fan-out bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
