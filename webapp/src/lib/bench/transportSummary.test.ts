import { describe, expect, it } from 'vitest';
import { benchTransportResultSchema } from '@dronecast/protocol';
import { summarizeTransport, type TransportMeasurement } from './transportSummary.ts';

const steady: TransportMeasurement = {
  measuredS: 10,
  sourceFps: 30,
  startupMs: 812.4,
  // 1..100 ms: nearest-rank percentiles are the values themselves.
  latenciesMs: Array.from({ length: 100 }, (_, i) => i + 1),
  intervalsMs: Array.from({ length: 299 }, () => 1000 / 30),
  framesPresented: 300,
  framesReceived: 300,
  framesMissing: 0,
  bytes: 1_250_000,
  mainThreadMs: 150,
  width: 640,
  height: 480,
};

describe('summarizeTransport', () => {
  it('gives the results-table numbers of a steady run', () => {
    const summary = summarizeTransport(steady);
    expect(summary.latencyMs).toEqual({ p50: 50, p95: 95, p99: 99, mean: 50.5, samples: 100 });
    expect(summary.frames).toEqual({ received: 300, delivered: 300, expected: 300, missing: 0 });
    expect(summary.deliveredFps).toBe(30);
    expect(summary.jitterP95Ms).toBe(0);
    expect(summary.stallsOver200Ms).toBe(0);
    expect(summary.kbps).toBe(1000);
    expect(summary.bytesPerFrame).toBe(4167);
    expect(summary.mainThreadMsPerFrame).toBe(0.5);
    expect(summary.startupMs).toBe(812);
    expect(benchTransportResultSchema.safeParse({ ...summary, transport: 'webrtc', outcome: 'measured', message: '', timeline: [] }).success).toBe(true);
  });

  it('counts stalls, the longest gap and the jitter of an uneven run', () => {
    // Every third interval doubled (a frame skipped), and two long freezes.
    const intervals: number[] = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 66.7 : 33.3));
    intervals.push(250, 900);
    // 250 frames arrived, 210 were shown: a frame's size on the wire is per frame received.
    const summary = summarizeTransport({ ...steady, intervalsMs: intervals, framesPresented: 210, framesReceived: 250, framesMissing: 90 });
    expect(summary.stallsOver200Ms).toBe(2);
    expect(summary.longestIntervalMs).toBe(900);
    // p95 of |interval - 33.3|: the skipped frames (33.3) sit below the 95th rank, the freezes above it.
    expect(summary.jitterP95Ms).toBeCloseTo(33.3, 0);
    expect(summary.frames).toEqual({ received: 250, delivered: 210, expected: 300, missing: 90 });
    expect(summary.bytesPerFrame).toBe(5000);
    expect(summary.deliveredFps).toBe(21);
  });

  it('says null, not 0 or NaN, for what a transport that showed nothing never had', () => {
    const summary = summarizeTransport({ ...steady, latenciesMs: [], intervalsMs: [], framesPresented: 0, framesReceived: 0, bytes: 0, mainThreadMs: 0, startupMs: null });
    expect(summary.latencyMs).toEqual({ p50: null, p95: null, p99: null, mean: null, samples: 0 });
    expect([summary.jitterP95Ms, summary.longestIntervalMs, summary.bytesPerFrame, summary.mainThreadMsPerFrame, summary.startupMs]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(summary.deliveredFps).toBe(0);
  });
});
