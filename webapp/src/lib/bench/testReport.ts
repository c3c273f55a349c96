import type { BenchReport, BenchTransportResult } from '@dronecast/protocol';

/** A plausible transport result for tests; `change` overrides any field. */
export function testTransportResult(change: Partial<BenchTransportResult> = {}): BenchTransportResult {
  return {
    transport: 'webrtc',
    outcome: 'measured',
    message: '',
    measuredS: 10,
    startupMs: 640,
    latencyMs: { p50: 62.5, p95: 90, p99: 120.2, mean: 65, samples: 290 },
    frames: { received: 298, delivered: 296, expected: 300, missing: 4 },
    deliveredFps: 29.6,
    jitterP95Ms: 8.1,
    stallsOver200Ms: 0,
    longestIntervalMs: 70,
    bytes: 1_000_000,
    kbps: 800,
    bytesPerFrame: 3378,
    mainThreadMsPerFrame: 0.42,
    width: 640,
    height: 480,
    timeline: [{ t: 1, fps: 30, latencyMs: 61, jitterMs: 5, kbps: 790 }],
    ...change,
  };
}

/** A whole report around `transports`. */
export function testReport(transports: BenchTransportResult[] = [testTransportResult()]): BenchReport {
  return {
    kind: 'dronecast-transport-bench',
    version: 1,
    startedAt: '2026-01-02T03:04:05.000Z',
    mode: 'simultaneous',
    durationS: 10,
    settleS: 2,
    quality: { resolution: '640x480', fps: 30, jpegQuality: 60, maxBitrateKbps: 1500 },
    qualityChanged: false,
    clock: { offsetMs: -3.2, rttMs: 1.1 },
    role: 'viewer',
    userAgent: 'test',
    method: 'test method',
    cpuMeasure: 'test measure',
    transports,
  };
}
