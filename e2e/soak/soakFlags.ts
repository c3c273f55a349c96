import { parseArgs } from 'node:util';
import { UsageError } from '@dronecast/runtime';

export interface SoakOptions {
  minutes: number;
  /** How many phones at most are connected at once. */
  phones: number;
  seed: number;
  /** Chromium pages at most at once (the rest of the phones are Node clients); 0 = no browser. */
  browserPages: number;
  sampleSeconds: number;
  /** The ground agent's camera: small by default, so the soak measures churn and not the encoder. */
  camera: string;
  /** Print every action as it ends. */
  verbose: boolean;
}

export const soakUsage = `Usage: npm run soak -- [--minutes N] [--phones K] [--seed S] [--browser-pages P]

Starts the whole stack on 127.0.0.1 and, for N minutes, has phones join and leave, switch video
transports, fly and record; samples memory and open files of every process every few seconds and
prints how they grew. Writes the samples to e2e/artifacts/soak-<time>.json. Exits 1 if a process
died or an action failed in a way that shows a bug.

  --minutes <n>          how long the churn runs (default 5; fractions allowed)
  --phones <k>           phones connected at most at once (default 4)
  --seed <s>             seeds the random choices (default: the time)
  --browser-pages <p>    Chromium pages at most at once, 0-2 (default 1; the others are Node clients)
  --sample-seconds <s>   seconds between samples (default 10)
  --camera <spec>        the ground agent's camera (default pattern:320x240@15)
  --verbose              print every action as it ends
  --help                 this text`;

/** Parses the soak's flags; a wrong one is a UsageError (exit 2). */
export function parseSoakFlags(argv: string[]): SoakOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        minutes: { type: 'string' },
        phones: { type: 'string' },
        seed: { type: 'string' },
        'browser-pages': { type: 'string' },
        'sample-seconds': { type: 'string' },
        camera: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${soakUsage}`);
  }
  if (values.help) return 'help';
  return {
    minutes: numberFlag(values, 'minutes', 5, { min: 0.1, max: 24 * 60 }),
    phones: numberFlag(values, 'phones', 4, { min: 1, max: 30, whole: true }),
    seed: numberFlag(values, 'seed', Date.now() % 2 ** 31, { min: 0, max: 2 ** 32 - 1, whole: true }),
    browserPages: numberFlag(values, 'browser-pages', 1, { min: 0, max: 2, whole: true }),
    sampleSeconds: numberFlag(values, 'sample-seconds', 10, { min: 1, max: 600 }),
    camera: typeof values.camera === 'string' ? values.camera : 'pattern:320x240@15',
    verbose: values.verbose === true,
  };
}

function numberFlag(
  values: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
  limits: { min: number; max: number; whole?: boolean },
): number {
  const raw = values[name];
  if (typeof raw !== 'string') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number\n\n${soakUsage}`);
  if (limits.whole && !Number.isInteger(value)) throw new UsageError(`--${name} must be a whole number`);
  if (value < limits.min || value > limits.max) throw new UsageError(`--${name} must be between ${limits.min} and ${limits.max}`);
  return value;
}
