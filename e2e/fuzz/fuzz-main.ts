// `npm run fuzz -- --minutes N [--seed S]`: the fuzz test's fuzzer for longer, against a fresh loopback stack. Exits 1 on any failure.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, runCli } from '@dronecast/runtime';
import { fuzzUsage, parseFuzzFlags } from './fuzzFlags.ts';
import { startFuzzStack } from './FuzzStack.ts';
import { runFuzz } from './runFuzz.ts';
import { stackStillServes } from './stackStillServes.ts';

const logger = createLogger('fuzz');
/**
 * Under the fuzz V8 sizes its heap up and keeps it (Node 24, measured: +205 MB in the first minute,
 * then +16 MB in the second); a leak keeps growing with the cases, so the second half must stay flat.
 */
const rssGrowthLimitMb = 400;
const rssSecondHalfLimitMb = 64;

async function main(): Promise<void> {
  const flags = parseFuzzFlags(process.argv.slice(2));
  if (flags.help) {
    process.stdout.write(`${fuzzUsage}\n`);
    return;
  }
  process.stdout.write(`fuzzing for ${flags.durationMs / 60_000} min with --seed ${flags.seed}\n`);
  const stack = await startFuzzStack();
  let failed = true;
  try {
    const report = await runFuzz({ ...stack, seed: flags.seed, durationMs: flags.durationMs, progress: (line) => process.stdout.write(`${line}\n`) });
    const problems = await stackStillServes(stack);
    process.stdout.write(`${report.format()}\n`);
    for (const problem of problems) process.stdout.write(`AFTER: ${problem}\n`);
    const memoryOk = report.rssGrowthMb < rssGrowthLimitMb && report.rssSecondHalfGrowthMb < rssSecondHalfLimitMb;
    if (!memoryOk) {
      process.stdout.write(`FAIL the SFU grew by ${report.rssGrowthMb.toFixed(0)} MB, ${report.rssSecondHalfGrowthMb.toFixed(0)} MB in the second half (limits ${rssGrowthLimitMb} and ${rssSecondHalfLimitMb} MB)\n`);
    }
    failed = report.crashes.length > 0 || report.failureCount > 0 || problems.length > 0 || !memoryOk;
    if (failed) {
      // The stack's directory goes with it: its logs are kept for the reader.
      const kept = path.join(os.tmpdir(), `dronecast-fuzz-${flags.seed}.log`);
      await fs.writeFile(kept, await stack.loopback.logs());
      process.stdout.write(`the stack's logs: ${kept}; run again with --seed ${flags.seed} for the same cases\n`);
    }
  } finally {
    await stack.stop();
  }
  process.exitCode = failed ? 1 : 0;
}

runCli('npm run fuzz', main, (message) => logger.error(message));
