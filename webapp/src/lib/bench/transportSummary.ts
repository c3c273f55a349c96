import { percentile, round, type BenchTransportResult } from '@dronecast/protocol';
import { jitterP95Ms, stallsOver } from './frameIntervals.ts';

/** What one transport's measuring window collected, before it is summarized. */
export interface TransportMeasurement {
  measuredS: number;
  /** The source's frame rate while measuring (the quality setting). */
  sourceFps: number;
  startupMs: number | null;
  latenciesMs: readonly number[];
  intervalsMs: readonly number[];
  framesPresented: number;
  framesReceived: number;
  framesMissing: number;
  bytes: number;
  mainThreadMs: number;
  width: number;
  height: number;
}

export type TransportSummary = Omit<BenchTransportResult, 'transport' | 'outcome' | 'message' | 'timeline'>;

const roundOrNull = (value: number | null, digits = 1): number | null => (value === null ? null : round(value, digits));

/** The results-table numbers of one transport. */
export function summarizeTransport(m: TransportMeasurement): TransportSummary {
  const frames = m.framesPresented;
  const seconds = m.measuredS;
  const mean = m.latenciesMs.length === 0 ? null : m.latenciesMs.reduce((sum, v) => sum + v, 0) / m.latenciesMs.length;
  return {
    measuredS: round(seconds, 2),
    startupMs: roundOrNull(m.startupMs, 0),
    latencyMs: {
      p50: roundOrNull(percentile(m.latenciesMs, 50)),
      p95: roundOrNull(percentile(m.latenciesMs, 95)),
      p99: roundOrNull(percentile(m.latenciesMs, 99)),
      mean: roundOrNull(mean),
      samples: m.latenciesMs.length,
    },
    frames: { received: m.framesReceived, delivered: frames, expected: Math.round(seconds * m.sourceFps), missing: m.framesMissing },
    deliveredFps: seconds > 0 ? round(frames / seconds, 2) : 0,
    jitterP95Ms: roundOrNull(jitterP95Ms(m.intervalsMs, m.sourceFps)),
    stallsOver200Ms: stallsOver(m.intervalsMs),
    longestIntervalMs: roundOrNull(m.intervalsMs.length === 0 ? null : Math.max(...m.intervalsMs)),
    bytes: Math.round(m.bytes),
    kbps: seconds > 0 ? round((m.bytes * 8) / 1000 / seconds) : 0,
    bytesPerFrame: m.framesReceived > 0 ? Math.round(m.bytes / m.framesReceived) : null,
    mainThreadMsPerFrame: frames > 0 ? round(m.mainThreadMs / frames, 3) : null,
    width: m.width,
    height: m.height,
  };
}
