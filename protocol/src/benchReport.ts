import { z } from 'zod';
import { videoQualitySchema } from './quality.ts';
import { roleSchema } from './roles.ts';
import { videoTransportSchema, type VideoTransport } from './videoTransports.ts';

/**
 * What the benchmark page (/bench) measures and exports (JSON download, `window.__dronecastBench`):
 * the contract between the page and whatever reads its results (the `npm run bench` harness, tests).
 */

/** All three transports at once on the same source, or one after another (each alone on the link). */
export const benchModes = ['simultaneous', 'sequential'] as const;
export const benchModeSchema = z.enum(benchModes);
export type BenchMode = z.infer<typeof benchModeSchema>;

/** Longest run a page accepts: the raw series stay small enough to keep in memory and export. */
export const maxBenchSeconds = 600;

const milliseconds = z.number().finite();
const count = z.number().int().nonnegative();

/** One second of a transport's run, for the live charts. `t` counts seconds since its measuring began. */
export const benchTimelinePointSchema = z.object({
  t: z.number().nonnegative(),
  /** Frames presented during that second. */
  fps: z.number().nonnegative(),
  /** Median glass-to-glass latency of the frames stamped that second; null when none was read. */
  latencyMs: milliseconds.nullable(),
  /** 95th percentile of |frame interval - 1000/fps| that second; null with fewer than two frames. */
  jitterMs: milliseconds.nullable(),
  /** Video bytes received that second, kbit/s. */
  kbps: z.number().nonnegative(),
});
export type BenchTimelinePoint = z.infer<typeof benchTimelinePointSchema>;

/**
 * - `measured`: ran for the whole measuring window (or until stopped).
 * - `failed`: never showed a frame, or lost the picture for good; `message` says why.
 * - `unavailable`: the server does not offer it (MQTT in sockets-only mode, a fallback switched off).
 * - `skipped`: the run was stopped before its turn (one after another).
 */
export const benchOutcomes = ['measured', 'failed', 'unavailable', 'skipped'] as const;

export const benchTransportResultSchema = z.object({
  transport: videoTransportSchema,
  outcome: z.enum(benchOutcomes),
  message: z.string(),
  /** Seconds actually measured (after settling). */
  measuredS: z.number().nonnegative(),
  /** From opening the transport to its first presented frame; null if none came. */
  startupMs: milliseconds.nullable(),
  /** Glass-to-glass: capture time read from the frame's barcode to the frame reaching the screen. */
  latencyMs: z.object({
    p50: milliseconds.nullable(),
    p95: milliseconds.nullable(),
    p99: milliseconds.nullable(),
    mean: milliseconds.nullable(),
    /** Frames whose stamp was read. */
    samples: count,
  }),
  frames: z.object({
    /** Frames that reached the page (WebRTC: decoded; JPEG: messages), shown or not. */
    received: count,
    /** Frames presented while measuring. */
    delivered: count,
    /** measuredS x the source frame rate. */
    expected: count,
    /** Source frames that never reached the screen (frame-number gaps). */
    missing: count,
  }),
  deliveredFps: z.number().nonnegative(),
  /** 95th percentile of |interval between presented frames - 1000/fps|. */
  jitterP95Ms: milliseconds.nullable(),
  /** Intervals between presented frames longer than 200 ms. */
  stallsOver200Ms: count,
  longestIntervalMs: milliseconds.nullable(),
  /** Video payload received (WebRTC: RTP payload bytes; JPEG: frame messages with their header). */
  bytes: count,
  kbps: z.number().nonnegative(),
  /** bytes / frames received: a frame's size on the wire. */
  bytesPerFrame: z.number().nonnegative().nullable(),
  /** Main-thread time in this transport's frame handlers per presented frame (see the report's cpuMeasure). */
  mainThreadMsPerFrame: z.number().nonnegative().nullable(),
  /** Size of the last presented frame. */
  width: count,
  height: count,
  timeline: z.array(benchTimelinePointSchema),
});
export type BenchTransportResult = z.infer<typeof benchTransportResultSchema>;

export const benchReportSchema = z.object({
  kind: z.literal('dronecast-transport-bench'),
  version: z.literal(1),
  startedAt: z.iso.datetime(),
  mode: benchModeSchema,
  /** Requested measuring time per transport, and the settling time before it. */
  durationS: z.number().positive(),
  settleS: z.number().nonnegative(),
  /** The source's settings when measuring began; null if the server had not said. */
  quality: videoQualitySchema.nullable(),
  /** Someone changed the quality while this ran: its numbers mix two settings. */
  qualityChanged: z.boolean(),
  /** The clock-sync sample used to put the page's clock on the server's (smallest round trip). */
  clock: z.object({ offsetMs: z.number(), rttMs: z.number() }).nullable(),
  role: roleSchema.nullable(),
  userAgent: z.string(),
  /** How latency is measured, in plain words (shown on the page). */
  method: z.string(),
  /** What mainThreadMsPerFrame measures, in plain words. */
  cpuMeasure: z.string(),
  transports: z.array(benchTransportResultSchema),
});
export type BenchReport = z.infer<typeof benchReportSchema>;

export interface BenchRunOptions {
  mode: BenchMode;
  /** Measuring time per transport, seconds (1..maxBenchSeconds). */
  durationS: number;
  /** Time each transport plays before measuring starts, seconds. */
  settleS: number;
  /** Which transports to run; default all three (those the server does not offer are reported unavailable). */
  transports: VideoTransport[];
}

/**
 * - `connecting`: no session yet. `idle`: ready to run. `running`: settling or measuring.
 * - `done`: the last run's report is ready. `failed`: the last run could not start (`message`).
 */
export type BenchPhase = 'connecting' | 'idle' | 'running' | 'done' | 'failed';

export interface BenchPageState {
  phase: BenchPhase;
  message: string;
  /** The transports running now (one, one after another; all, at the same time). */
  active: VideoTransport[];
  /** Seconds measured so far of the current transport(s). */
  elapsedS: number;
}

/** What the benchmark page publishes as `window.__dronecastBench`. */
export interface DronecastBenchHook {
  state(): BenchPageState;
  /** Runs with these options (the rest from the page's controls); rejects if a run is going. */
  run(options?: Partial<BenchRunOptions>): Promise<BenchReport>;
  /** The last finished run's report, or null. */
  report(): BenchReport | null;
}

declare global {
  interface Window {
    __dronecastBench?: DronecastBenchHook;
  }
}
