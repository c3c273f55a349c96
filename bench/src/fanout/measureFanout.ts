import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleProcess } from '../processUsage.ts';
import { FanoutRig, type FanoutCounters } from './FanoutRig.ts';
import { startVp8RtpSender } from './vp8RtpSender.ts';

export interface FanoutOptions {
  sourceKbps: number;
  /** Consumers added per step, and the most the bench will try. */
  step: number;
  maxConsumers: number;
  /** Each step: let it settle, then measure over this window. */
  settleMs: number;
  windowMs: number;
  /** Stop once the receivers miss more than this share of packets... */
  maxLossPercent: number;
  /** ...or the SFU worker uses more than this much of one core. */
  maxCpuPercent: number;
}

export interface FanoutStep {
  consumers: number;
  /** The SFU worker's CPU, percent of one core. */
  workerCpuPercent: number;
  lossPercent: number;
  /** What the consumers carried in total, Mbit/s. */
  outMbps: number;
  workerRssMb: number;
}

export interface FanoutResult {
  options: FanoutOptions;
  steps: FanoutStep[];
  /** The most consumers carried within both limits. */
  maxConsumers: number;
  /** maxConsumers scaled to a whole worker core (linear in the worker's CPU at that step). */
  consumersPerWorkerCore: number;
  stoppedBecause: string;
}

export const defaultFanoutOptions: FanoutOptions = {
  sourceKbps: 1000,
  step: 50,
  maxConsumers: 1000,
  settleMs: 2000,
  windowMs: 3000,
  maxLossPercent: 1,
  maxCpuPercent: 95,
};

/**
 * Adds consumers of one 1 Mbit/s VP8 producer step by step until the receivers lose more than 1%
 * of the packets or the SFU worker saturates its core, measuring the worker at every step.
 */
export async function measureFanout(options: FanoutOptions = defaultFanoutOptions, log: (line: string) => void = () => {}): Promise<FanoutResult> {
  const rig = await FanoutRig.start();
  const sender = startVp8RtpSender({ port: rig.ingestPorts.rtp, rtcpPort: rig.ingestPorts.rtcp, ...rig.source, kbps: options.sourceKbps, width: 640, height: 480, fps: 30 });
  let stderr = '';
  sender.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = once(sender, 'exit');
  try {
    await waitForSource(rig, () => sender.exitCode !== null, () => stderr);
    const steps: FanoutStep[] = [];
    let stoppedBecause = `reached the bench's limit of ${options.maxConsumers} consumers`;
    for (let consumers = options.step; consumers <= options.maxConsumers; consumers += options.step) {
      await rig.growTo(consumers);
      await sleep(options.settleMs);
      const step = await measureStep(rig, options.windowMs);
      steps.push(step);
      log(`fan-out: ${step.consumers} consumers, worker ${step.workerCpuPercent}% of a core, loss ${step.lossPercent}%, ${step.outMbps} Mbit/s out`);
      if (step.lossPercent > options.maxLossPercent) {
        stoppedBecause = `receivers lost ${step.lossPercent}% of packets at ${step.consumers} consumers`;
        break;
      }
      if (step.workerCpuPercent > options.maxCpuPercent) {
        stoppedBecause = `the SFU worker used ${step.workerCpuPercent}% of a core at ${step.consumers} consumers`;
        break;
      }
      if (sender.exitCode !== null) throw new Error(`the VP8 sender (ffmpeg) stopped: ${stderr.trim() || `exit ${sender.exitCode}`}`);
    }
    const good = steps.filter((s) => s.lossPercent <= options.maxLossPercent && s.workerCpuPercent <= options.maxCpuPercent).at(-1);
    return {
      options,
      steps,
      maxConsumers: good?.consumers ?? 0,
      consumersPerWorkerCore: good && good.workerCpuPercent > 0 ? Math.round(good.consumers / (good.workerCpuPercent / 100)) : 0,
      stoppedBecause,
    };
  } finally {
    sender.kill('SIGTERM');
    await Promise.race([exited, sleep(2000)]);
    rig.close();
  }
}

async function waitForSource(rig: FanoutRig, senderGone: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await rig.counters()).sourcePackets < 100) {
    if (senderGone()) throw new Error(`the VP8 sender (ffmpeg) stopped: ${stderr().trim()}`);
    if (Date.now() > deadline) throw new Error('no RTP from the VP8 sender (ffmpeg) within 10 s');
    await sleep(200);
  }
}

async function measureStep(rig: FanoutRig, windowMs: number): Promise<FanoutStep> {
  const pid = rig.sfuWorker.pid;
  const cpuBefore = sampleProcess(pid);
  const before = await rig.counters();
  const startedAt = performance.now();
  await sleep(windowMs);
  const after = await rig.counters();
  const cpuAfter = sampleProcess(pid);
  const elapsedS = (performance.now() - startedAt) / 1000;
  return {
    consumers: rig.consumerCount,
    workerCpuPercent: cpuBefore && cpuAfter ? round(((cpuAfter.cpuSeconds - cpuBefore.cpuSeconds) / elapsedS) * 100) : 0,
    lossPercent: lossPercent(before, after),
    outMbps: round(((after.receivedBytes - before.receivedBytes) * 8) / elapsedS / 1e6),
    workerRssMb: Math.round(cpuAfter?.rssMb ?? 0),
  };
}

/** Missing packets over the window as a share of what should have arrived. */
export function lossPercent(before: FanoutCounters, after: FanoutCounters): number {
  const received = after.receivedPackets - before.receivedPackets;
  const lost = Math.max(0, after.lostPackets - before.lostPackets);
  const expected = received + lost;
  return expected > 0 ? round((lost / expected) * 100) : 100;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
