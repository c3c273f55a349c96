import type { FanoutResults } from '../resultsSchema.ts';

/** The fan-out bench for the terminal: the headline, then one line per step. */
export function formatFanout(result: FanoutResults): string {
  const { options } = result;
  return [
    `SFU fan-out: one ${options.sourceKbps} kbit/s VP8 producer, consumers received by a second worker on loopback`,
    `  ${result.maxConsumers} consumers within ${options.maxLossPercent}% loss and ${options.maxCpuPercent}% of the worker's core; ${result.consumersPerWorkerCore} consumers per worker core`,
    `  stopped: ${result.stoppedBecause}`,
    ...result.steps.map((s) => `  ${String(s.consumers).padStart(5)} consumers  worker ${String(s.workerCpuPercent).padStart(5)}%  loss ${String(s.lossPercent).padStart(5)}%  ${String(s.outMbps).padStart(7)} Mbit/s  ${s.workerRssMb} MB`),
  ].join('\n');
}
