import { parseArgs } from 'node:util';
import { UsageError } from '@dronecast/runtime';

export const fuzzUsage = `usage: npm run fuzz -- [--minutes <n>] [--seed <n>]
  --minutes <n>   how long to fuzz (default 1; fractions allowed)
  --seed <n>      the random seed, to run the same cases again (default: a new one, printed)`;

export interface FuzzFlags {
  durationMs: number;
  seed: number;
  help: boolean;
}

export function parseFuzzFlags(argv: string[]): FuzzFlags {
  let values: { minutes?: string; seed?: string; help?: boolean };
  try {
    values = parseArgs({ args: argv, options: { minutes: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${fuzzUsage}`);
  }
  const minutes = Number(values.minutes ?? 1);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) throw new UsageError(`--minutes must be a number of minutes above 0, up to a day\n\n${fuzzUsage}`);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new UsageError(`--seed must be a whole number from 0 to 4294967295\n\n${fuzzUsage}`);
  return { durationMs: minutes * 60_000, seed, help: values.help ?? false };
}
