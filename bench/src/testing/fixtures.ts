import type { BenchReport, BenchTransportResult, VideoTransport } from '@dronecast/protocol';
import type { BenchResults, TransportComparison } from '../resultsSchema.ts';
import { loopback } from '../transports/runTransportComparison.ts';
import { transportMedians } from '../transports/transportMedians.ts';

/** A measured transport whose latency p50 is `p50` and fps `fps`; the rest plausible. */
export function measured(transport: VideoTransport, p50: number, fps: number, timeline: [number, number][] = [[fps, p50]]): BenchTransportResult {
  return {
    transport,
    outcome: 'measured',
    message: '',
    measuredS: 10,
    startupMs: 500,
    latencyMs: { p50, p95: p50 * 2, p99: p50 * 3, mean: p50, samples: 100 },
    frames: { received: fps * 10, delivered: fps * 10, expected: 300, missing: 300 - fps * 10 },
    deliveredFps: fps,
    jitterP95Ms: 10,
    stallsOver200Ms: 1,
    longestIntervalMs: 250,
    bytes: 1_000_000,
    kbps: 800,
    bytesPerFrame: 4000,
    mainThreadMsPerFrame: 0.5,
    width: 640,
    height: 480,
    timeline: timeline.map(([f, latency], i) => ({ t: i + 1, fps: f, latencyMs: latency, jitterMs: 5, kbps: 800 })),
  };
}

export function report(transports: BenchTransportResult[], mode: BenchReport['mode'] = 'simultaneous'): BenchReport {
  return {
    kind: 'dronecast-transport-bench',
    version: 1,
    startedAt: '2026-01-02T03:04:05.000Z',
    mode,
    durationS: 10,
    settleS: 2,
    quality: { resolution: '640x480', fps: 30, jpegQuality: 60, maxBitrateKbps: 1500 },
    qualityChanged: false,
    clock: { offsetMs: 0.5, rttMs: 1 },
    role: 'viewer',
    userAgent: 'test',
    method: 'Stamps <on> the frames.',
    cpuMeasure: 'Time in handlers.',
    transports,
  };
}

export function comparison(runs: BenchReport[]): TransportComparison {
  return {
    network: loopback,
    mode: runs[0]?.mode ?? 'simultaneous',
    durationS: 10,
    settleS: 2,
    warmupS: 5,
    quality: runs[0]?.quality ?? null,
    median: transportMedians(runs),
    processes: runs.map(() => ({ sfuWithWorkers: { cpuPercentOfOneCore: 12, rssMb: 150 }, groundAgent: { cpuPercentOfOneCore: 40, rssMb: 190 } })),
    runs,
  };
}

const p = { p50: 1, p95: 2 };

export function results(transports: TransportComparison[]): BenchResults {
  return {
    date: '2026-01-02T03:04:05.000Z',
    machine: { cpus: 2, cpuModel: 'Test CPU <3GHz>', cores: 2, memoryMb: 4096, os: 'Linux', node: 'v20.19.0', chromium: '156.0', loadAverage: [1, 2, 3] },
    passthrough: null,
    fanout: {
      options: { sourceKbps: 1000, step: 50, maxConsumers: 1000, settleMs: 2000, windowMs: 3000, maxLossPercent: 1, maxCpuPercent: 95 },
      steps: [
        { consumers: 50, workerCpuPercent: 9.5, lossPercent: 0, outMbps: 52, workerRssMb: 19 },
        { consumers: 100, workerCpuPercent: 19.1, lossPercent: 1.6, outMbps: 101, workerRssMb: 21 },
      ],
      maxConsumers: 50,
      consumersPerWorkerCore: 526,
      stoppedBecause: 'receivers lost 1.6% of packets at 100 consumers',
    },
    settings: { camera: 'pattern:640x480@30', seconds: 10, runs: 3, controlCommands: 200, poseFrames: 100, mqtt: 'embedded', impairedModes: ['sequential'] },
    webrtc: {
      transport: 'webrtc',
      durationS: 10,
      sourceFps: 30,
      latencyMs: { p50: 60, p95: 90, p99: null, samples: 280 },
      deliveredFps: 29,
      frameIntervalJitterP95Ms: 8,
      stallsOver200Ms: 0,
      kbps: 600,
      framesMissing: 3,
      width: 640,
      height: 480,
    },
    processes: { sfuWithWorkers: { cpuPercentOfOneCore: 4, rssMb: 150 }, groundAgent: { cpuPercentOfOneCore: 15, rssMb: 190 } },
    control: { commands: 200, goToSetpointMs: { p50: 1.5, p95: 2.5, max: 4 }, headingToCommandLongMs: { p50: 1.2, p95: 2.8, max: 3 } },
    transports,
    pose: {
      width: 640,
      height: 480,
      frames: 100,
      addedMs: p,
      fps: 22.9,
      convertMs: p,
      inferenceMs: p,
      detectRoundTripMs: p,
      drawMs: p,
      rgbaToI420Ms: p,
      streaming: { cameraFps: 30, frames: 150, forwardMs: p, detectionsPerSecond: 20, dropped: 0, skeletonAgeMs: p },
    },
  };
}
