import type { PassthroughResults, PathMeasurement, PathRunResult, PathRunSpec } from '../passthroughResultsSchema.ts';
import { comparePaths, playoutDelayEffects } from '../comparePaths.ts';
import { cameraFor, planRuns } from '../passthroughPlan.ts';

/** A run that played: ground CPU `groundCpu`, latency p50 `p50` (p95 = p50 + 20), the rest plausible. */
export function playedRun(spec: PathRunSpec, groundCpu: number, p50: number): PathRunResult {
  const measured: PathMeasurement = {
    durationS: 20,
    groundAgent: { cpuPercentOfOneCore: groundCpu, rssMb: 200 },
    sfuWithWorkers: { cpuPercentOfOneCore: 5, rssMb: 150 },
    camera: { cpuPercentOfOneCore: 15, rssMb: 90 },
    latencyMs: { p50, p95: p50 + 20, p99: p50 + 40, samples: 600 },
    deliveredFps: spec.format.fps,
    framesMissing: 0,
    frameIntervalJitterP95Ms: 4,
    stallsOver200Ms: 0,
    kbps: 1200,
    bytes: 3_000_000,
    codec: spec.path === 'passthrough' ? 'video/H264' : 'video/VP8',
    width: spec.format.width,
    height: spec.format.height,
    mediaProtocol: 'udp',
  };
  return { spec, camera: cameraFor(spec, 5600).agentCamera, loadAverage: [1.5, 1.2, 1], failure: null, measured, notes: [] };
}

export function failedRun(spec: PathRunSpec, failure: string): PathRunResult {
  return { spec, camera: cameraFor(spec, 5600).agentCamera, loadAverage: [2, 1.5, 1], failure, measured: null, notes: [] };
}

/**
 * The three formats: 640x480@30 with the RTSP and the playout-delay-off runs, 1280x720@30
 * meeting the goal, 1280x720@60 with a transcode run that failed.
 */
export function results(): PassthroughResults {
  const specs = planRuns(
    [
      { width: 640, height: 480, fps: 30 },
      { width: 1280, height: 720, fps: 30 },
      { width: 1280, height: 720, fps: 60 },
    ],
    { playoutDelayOffAt: '640x480@30', rtspAt: '640x480@30' },
  );
  const [vgaPass, vgaRtsp, vgaOff, vgaTrans, hdPass, hdTrans, hd60Pass, hd60Trans] = specs;
  const runs = [
    playedRun(vgaPass!, 12, 14),
    playedRun(vgaRtsp!, 9, 30),
    playedRun(vgaOff!, 12.5, 20),
    playedRun(vgaTrans!, 33, 250),
    playedRun(hdPass!, 14, 18),
    playedRun(hdTrans!, 70, 260),
    playedRun(hd60Pass!, 20, 16),
    failedRun(hd60Trans!, 'the phone page did not play within 60 s'),
  ];
  return {
    date: '2026-12-04T21:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', cores: 2, memoryMb: 4096, os: 'Linux', node: 'v24.22.3', chromium: '140', loadAverage: [1.5, 1.2, 1] },
    settings: { seconds: 20, warmupS: 5, gopSeconds: 1, formats: ['640x480@30', '1280x720@30', '1280x720@60'] },
    runs,
    comparisons: comparePaths(runs),
    playoutDelay: playoutDelayEffects(runs),
    loadAverageAtEnd: [2, 1.6, 1.1],
  };
}
