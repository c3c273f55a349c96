import { defaultFanoutOptions, measureFanout } from './measureFanout.ts';

/** `npm run bench:fanout`: the SFU fan-out bench alone (also part of `npm run bench`). */
const options = {
  ...defaultFanoutOptions,
  maxConsumers: Number(process.env.BENCH_FANOUT_MAX ?? defaultFanoutOptions.maxConsumers),
  step: Number(process.env.BENCH_FANOUT_STEP ?? defaultFanoutOptions.step),
};
measureFanout(options, (line) => process.stderr.write(`${line}\n`)).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`fan-out bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
