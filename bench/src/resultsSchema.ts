import { z } from 'zod';
import { machineSchema } from './machineSchema.ts';
import { passthroughResultsSchema } from './passthrough/passthroughResultsSchema.ts';
import { benchModeSchema, benchReportSchema, videoQualitySchema, videoTransportSchema } from '@dronecast/protocol';

/**
 * The shape of bench/results/latest.json, what `npm run bench` writes (and checks before writing).
 * Numbers that can be unknown (no sample, NaN) are null. New benches add a key of their own.
 */

/** A measured number that may be missing (JSON has no NaN: a NaN is written as null). */
const maybe = z.number().nullable();
const p50p95 = z.object({ p50: maybe, p95: maybe });

export { machineSchema, type Machine } from './machineSchema.ts';


export const usageSchema = z.object({ cpuPercentOfOneCore: z.number(), rssMb: z.number() });
export const processUsageSchema = z.object({ sfuWithWorkers: usageSchema, groundAgent: usageSchema });

/** Where the transport comparison ran; impaired networks (loss, delay, a rate cap) add entries with their numbers. */
export const networkConditionSchema = z.object({
  name: z.string(),
  description: z.string(),
  lossPercent: z.number().nonnegative(),
  delayMs: z.number().nonnegative(),
  rateKbps: z.number().positive().nullable(),
});
export type NetworkCondition = z.infer<typeof networkConditionSchema>;

/** One transport's median over the runs of one mode (runs that did not measure it left out). */
export const transportMedianSchema = z.object({
  transport: videoTransportSchema,
  runs: z.number().int(),
  runsMeasured: z.number().int(),
  notMeasured: z.string().nullable(),
  latencyMs: z.object({ p50: maybe, p95: maybe, p99: maybe }),
  latencyP50RangeMs: z.tuple([z.number(), z.number()]).nullable(),
  framesReceived: maybe,
  framesDelivered: maybe,
  framesExpected: maybe,
  deliveredFps: maybe,
  deliveredFpsRange: z.tuple([z.number(), z.number()]).nullable(),
  jitterP95Ms: maybe,
  stallsOver200Ms: maybe,
  kbps: maybe,
  bytesPerFrame: maybe,
  mainThreadMsPerFrame: maybe,
  startupMs: maybe,
});
export type TransportMedian = z.infer<typeof transportMedianSchema>;

/** The /bench page run `runs` times in one mode on one network, after a warm-up run. */
export const transportComparisonSchema = z.object({
  network: networkConditionSchema,
  mode: benchModeSchema,
  durationS: z.number(),
  settleS: z.number(),
  warmupS: z.number(),
  /** The source's settings (from the first run's report). */
  quality: videoQualitySchema.nullable(),
  median: z.array(transportMedianSchema),
  /** CPU and memory of the SFU and the ground agent during each run. */
  processes: z.array(processUsageSchema),
  /** Every run's full report from the page, as it exported it. */
  runs: z.array(benchReportSchema),
});
export type TransportComparison = z.infer<typeof transportComparisonSchema>;

/** The SFU fan-out bench: one 1 Mbit/s producer, consumers added step by step (bench/src/fanout). */
export const fanoutResultSchema = z.object({
  options: z.object({
    sourceKbps: z.number(),
    step: z.number().int(),
    maxConsumers: z.number().int(),
    settleMs: z.number(),
    windowMs: z.number(),
    maxLossPercent: z.number(),
    maxCpuPercent: z.number(),
    /** SFU workers sharing the consumers through pipeToRouter; absent = 1. */
    sfuWorkers: z.number().int().optional(),
  }),
  steps: z.array(
    z.object({
      consumers: z.number().int(),
      /** The SFU workers together, percent of one core. */
      workerCpuPercent: z.number(),
      workerCpuPercents: z.array(z.number()).optional(),
      receiverCpuPercent: z.number().optional(),
      lossPercent: z.number(),
      outMbps: z.number(),
      workerRssMb: z.number(),
    }),
  ),
  maxConsumers: z.number().int(),
  consumersPerWorkerCore: z.number(),
  /** Mbit/s the consumers carried per SFU worker core (at the same step). */
  outMbpsPerWorkerCore: z.number().optional(),
  stoppedBecause: z.string(),
});
export type FanoutResults = z.infer<typeof fanoutResultSchema>;

export const benchResultsSchema = z.object({
  date: z.iso.datetime(),
  machine: machineSchema,
  settings: z.object({
    /** The ground agent's camera. */
    camera: z.string(),
    seconds: z.number(),
    runs: z.number().int(),
    controlCommands: z.number().int(),
    poseFrames: z.number().int(),
    mqtt: z.enum(['embedded', 'none']),
    /** Modes run on the impaired networks (empty: none were run). */
    impairedModes: z.array(benchModeSchema).default([]),
  }),
  /** The phone page (/) on WebRTC: latency and smoothness as a phone sees it. */
  webrtc: z.object({
    transport: z.literal('webrtc'),
    durationS: z.number(),
    sourceFps: z.number(),
    latencyMs: z.object({ p50: maybe, p95: maybe, p99: maybe, samples: z.number() }),
    deliveredFps: z.number(),
    frameIntervalJitterP95Ms: maybe,
    stallsOver200Ms: z.number(),
    kbps: maybe,
    framesMissing: z.number(),
    width: z.number(),
    height: z.number(),
    /** What the media arrived over (udp, as on a LAN; absent in results from before it was recorded). */
    mediaProtocol: z.enum(['udp', 'tcp']).nullable().optional(),
  }),
  /** During that WebRTC measurement. */
  processes: processUsageSchema,
  control: z.object({
    commands: z.number().int(),
    goToSetpointMs: z.object({ p50: maybe, p95: maybe, max: maybe }),
    headingToCommandLongMs: z.object({ p50: maybe, p95: maybe, max: maybe }),
  }),
  /** The pilot's fly view with a finger on the right stick (absent in results from before it was measured). */
  flyView: z
    .object({
      moves: z.number().int(),
      stickToWireMs: z.object({ p50: maybe, p95: maybe, max: maybe }),
      setpointHz: z.number(),
      mainThreadMsPerS: z.number(),
      holdS: z.number(),
    })
    .optional(),
  /** The /bench page: WebRTC, websocket and MQTT on the same source, per network and mode. */
  transports: z.array(transportComparisonSchema),
  /** Null when skipped (BENCH_FANOUT=0). */
  fanout: fanoutResultSchema.nullable().default(null),
  /** A camera through the passthrough and the transcode paths (npm run bench:passthrough has all formats); null when skipped. */
  passthrough: passthroughResultsSchema.nullable().default(null),
  pose: z.object({
    width: z.number(),
    height: z.number(),
    frames: z.number(),
    addedMs: p50p95,
    fps: z.number(),
    convertMs: p50p95,
    inferenceMs: p50p95,
    detectRoundTripMs: p50p95,
    drawMs: p50p95,
    rgbaToI420Ms: p50p95,
    streaming: z.object({
      cameraFps: z.number(),
      frames: z.number(),
      forwardMs: p50p95,
      detectionsPerSecond: z.number(),
      dropped: z.number(),
      skeletonAgeMs: p50p95,
    }),
  }),
});
export type BenchResults = z.infer<typeof benchResultsSchema>;
