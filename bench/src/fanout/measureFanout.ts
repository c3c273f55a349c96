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
  /** ...or an SFU worker uses more than this much of one core. */
  maxCpuPercent: number;
  /** SFU workers sharing the consumers through pipeToRouter (default 1; see FanoutRig). */
  sfuWorkers?: number;
}

export interface FanoutStep {
  consumers: number;
  /** The SFU workers' CPU together, percent of one core. */
  workerCpuPercent: number;
  /** Each SFU worker's CPU, percent of one core (with several workers). */
  workerCpuPercents?: number[];
  /** The receiving worker's (the phones' stand-in, on the same cores), percent of one core. */
  receiverCpuPercent?: number;
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
  /**
   * What the consumers carried at that step per SFU worker core, Mbit/s: unlike consumers per core it
   * stays right when a busy machine starves the encoder below its bitrate.
   */
  outMbpsPerWorkerCore?: number;
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
  const rig = await FanoutRig.start({ sfuWorkers: options.sfuWorkers ?? 1 });
  const sender = startVp8RtpSender({ port: rig.ingestPorts.rtp, rtcpPort: rig.ingestPorts.rtcp, ...rig.source, kbps: options.sourceKbps, width: 640, height: 480, fps: 30 });
  let stderr = '';
  sender.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = once(sender, 'exit');
  try {
    await waitForSource(rig, () => sender.exitCode !== null, () => stderr);
    const steps: FanoutStep[] = [];
    let stoppedBecause = `reached the bench's limit of ${options.maxConsumers} consumers`;
    for (let consumers = options.step; consumers <= options.maxConsumers; consumers += options.step) {
      // On an overloaded machine a worker can stop answering for good: end the run with what it has.
      const step = await withinDeadline(
        (async () => {
          await rig.growTo(consumers);
          await sleep(options.settleMs);
          return measureStep(rig, options.windowMs);
        })(),
        stepDeadlineMs + options.settleMs + options.windowMs,
      );
      if (!step) {
        stoppedBecause = `the workers stopped answering while going to ${consumers} consumers`;
        break;
      }
      steps.push(step);
      log(`fan-out (${rig.sfuWorkers.length} SFU worker(s)): ${step.consumers} consumers, SFU workers ${step.workerCpuPercents?.join('% + ') ?? step.workerCpuPercent}% of a core, receiver ${step.receiverCpuPercent}%, loss ${step.lossPercent}%, ${step.outMbps} Mbit/s out`);
      if (step.lossPercent > options.maxLossPercent) {
        stoppedBecause = `receivers lost ${step.lossPercent}% of packets at ${step.consumers} consumers`;
        break;
      }
      if (busiestWorker(step) > options.maxCpuPercent) {
        stoppedBecause = `an SFU worker used ${busiestWorker(step)}% of a core at ${step.consumers} consumers`;
        break;
      }
      if (sender.exitCode !== null) throw new Error(`the VP8 sender (ffmpeg) stopped: ${stderr.trim() || `exit ${sender.exitCode}`}`);
    }
    const good = steps.filter((s) => s.lossPercent <= options.maxLossPercent && busiestWorker(s) <= options.maxCpuPercent).at(-1);
    return {
      options,
      steps,
      maxConsumers: good?.consumers ?? 0,
      consumersPerWorkerCore: good && good.workerCpuPercent > 0 ? Math.round(good.consumers / (good.workerCpuPercent / 100)) : 0,
      outMbpsPerWorkerCore: good && good.workerCpuPercent > 0 ? Math.round(good.outMbps / (good.workerCpuPercent / 100)) : 0,
      stoppedBecause,
    };
  } finally {
    sender.kill('SIGTERM');
    await Promise.race([exited, sleep(2000)]);
    rig.close();
  }
}

/** Past this, a step (adding consumers, reading stats) counts as hung. */
const stepDeadlineMs = 120_000;

/** The promise's value, or undefined once `ms` has passed without one. */
export async function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
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

/** The SFU worker closest to its core's limit. */
function busiestWorker(step: FanoutStep): number {
  return Math.max(...(step.workerCpuPercents ?? [step.workerCpuPercent]));
}

async function measureStep(rig: FanoutRig, windowMs: number): Promise<FanoutStep> {
  const pids = [...rig.sfuWorkers.map((w) => w.pid), rig.receivingWorker.pid];
  const cpuBefore = pids.map(sampleProcess);
  const before = await rig.counters();
  const startedAt = performance.now();
  await sleep(windowMs);
  const after = await rig.counters();
  const cpuAfter = pids.map(sampleProcess);
  const elapsedS = (performance.now() - startedAt) / 1000;
  const cpu = pids.map((_, i) => {
    const [b, a] = [cpuBefore[i], cpuAfter[i]];
    return b && a ? round(((a.cpuSeconds - b.cpuSeconds) / elapsedS) * 100) : 0;
  });
  const sfuCpu = cpu.slice(0, rig.sfuWorkers.length);
  return {
    consumers: rig.consumerCount,
    workerCpuPercent: round(sfuCpu.reduce((sum, c) => sum + c, 0)),
    ...(sfuCpu.length > 1 ? { workerCpuPercents: sfuCpu } : {}),
    receiverCpuPercent: cpu.at(-1) ?? 0,
    lossPercent: lossPercent(before, after),
    outMbps: round(((after.receivedBytes - before.receivedBytes) * 8) / elapsedS / 1e6),
    workerRssMb: Math.round(cpuAfter.slice(0, rig.sfuWorkers.length).reduce((sum, s) => sum + (s?.rssMb ?? 0), 0)),
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
