import type { FanoutResults } from '../resultsSchema.ts';

/** The fan-out bench for the terminal: the headline, then one line per step. */
export function formatFanout(result: FanoutResults): string {
  const { options } = result;
  const workers = options.sfuWorkers ?? 1;
  const spread = workers > 1 ? ` over ${workers} SFU workers (pipeToRouter)` : '';
  return [
    `SFU fan-out: one ${options.sourceKbps} kbit/s VP8 producer${spread}, consumers received by another worker on loopback`,
    `  ${result.maxConsumers} consumers within ${options.maxLossPercent}% loss and ${options.maxCpuPercent}% of the worker's core; ${result.consumersPerWorkerCore} consumers per worker core`,
    `  stopped: ${result.stoppedBecause}`,
    ...result.steps.map((s) => {
      const perWorker = s.workerCpuPercents ? ` (${s.workerCpuPercents.map((c) => `${c}%`).join(' + ')})` : '';
      const receiver = s.receiverCpuPercent === undefined ? '' : `  receiver ${s.receiverCpuPercent}%`;
      return `  ${String(s.consumers).padStart(5)} consumers  worker ${String(s.workerCpuPercent).padStart(5)}%${perWorker}${receiver}  loss ${String(s.lossPercent).padStart(5)}%  ${String(s.outMbps).padStart(7)} Mbit/s  ${s.workerRssMb} MB`;
    }),
  ].join('\n');
}

/** Runs with different worker counts side by side: consumers per core, and the most this machine carried. */
export function formatFanoutComparison(results: FanoutResults[]): string {
  const lines = results.map((r) => {
    const workers = r.options.sfuWorkers ?? 1;
    const mbps = r.outMbpsPerWorkerCore === undefined ? '' : `, ${r.outMbpsPerWorkerCore} Mbit/s out per worker core`;
    return `  ${workers} SFU worker${workers === 1 ? ' ' : 's'}: ${String(r.maxConsumers).padStart(5)} consumers, ${String(r.consumersPerWorkerCore).padStart(5)} per worker core${mbps} (${r.stoppedBecause})`;
  });
  const best = results.reduce<FanoutResults | undefined>((a, b) => (a && a.maxConsumers >= b.maxConsumers ? a : b), undefined);
  return [
    'SFU fan-out by worker count:',
    ...lines,
    ...(best ? [`  most on this machine: ${best.maxConsumers} consumers with ${best.options.sfuWorkers ?? 1} SFU worker(s) (the receiving worker and the encoder share the same cores)`] : []),
  ].join('\n');
}
