import os from 'node:os';
import type { Machine } from './resultsSchema.ts';

/** What the numbers were measured on: they mean little without it. */
export function describeMachine(chromiumVersion: string, loadAverage: number[] = os.loadavg()): Machine {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromiumVersion,
    loadAverage: loadAverage.map((l) => Math.round(l * 100) / 100),
  };
}
