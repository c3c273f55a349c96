import { z } from 'zod';
import { machineSchema } from '../machineSchema.ts';

/**
 * The shape of bench/results/passthrough.json, what `npm run bench:passthrough` writes (issue 19):
 * the same stamped camera picture through the ground agent's two paths, per format, and at one format
 * (BENCH_RTSP_AT) through the passthrough path from the camera served over RTSP as well.
 * Numbers that can be unknown (no sample, NaN) are null.
 */

const maybe = z.number().nullable();

/** passthrough: H.264 RTP forwarded into mediasoup as it came. transcode: decoded by ffmpeg, re-encoded to VP8 by wrtc. */
export const videoPaths = ['passthrough', 'transcode'] as const;
export type VideoPath = (typeof videoPaths)[number];

/**
 * How the camera reaches the ground agent. rtp: over UDP, as H.264 RTP to --camera rtp:IP:PORT on the
 * passthrough path, as MPEG-TS to --camera udp://IP:PORT on the transcode path. rtsp: the camera
 * serves itself (GStreamer's RTSP server, a child of the camera process) and the agent's own RTSP
 * client pulls the H.264 over TCP from --camera rtsp://IP:PORT/live; passthrough only.
 */
export const cameraSources = ['rtp', 'rtsp'] as const;
export type CameraSource = (typeof cameraSources)[number];

/** Results written before the RTSP source read as the UDP runs they were. */
const cameraSourceSchema = z.enum(cameraSources).default('rtp');

export const benchFormatSchema = z.object({ width: z.number().int(), height: z.number().int(), fps: z.number() });
export type BenchFormat = z.infer<typeof benchFormatSchema>;

export const pathRunSpecSchema = z.object({
  /** "1280x720@60" */
  label: z.string(),
  format: benchFormatSchema,
  path: z.enum(videoPaths),
  /** How the camera reaches the agent (see cameraSources); the transcode runs are all rtp (MPEG-TS over UDP). */
  source: cameraSourceSchema,
  /** What the ground agent asks phones to buffer (--playout-delay): ms or 'off'; null on the transcode path, which sends none. */
  playoutDelay: z.union([z.number(), z.literal('off')]).nullable(),
  /** The camera's bitrate, and the ground agent's WebRTC cap (--max-bitrate) for the VP8 it encodes. */
  bitrateKbps: z.number().int(),
}).refine((spec) => spec.source === 'rtp' || spec.path === 'passthrough', { message: 'the transcode path is measured with the camera over UDP only (source rtp)', path: ['source'] });
export type PathRunSpec = z.infer<typeof pathRunSpecSchema>;

/** CPU of a process tree over the window, percent of one core (ffmpeg children and mediasoup workers included). */
const usageSchema = z.object({ cpuPercentOfOneCore: z.number(), rssMb: z.number() });

export const pathMeasurementSchema = z.object({
  durationS: z.number(),
  groundAgent: usageSchema,
  sfuWithWorkers: usageSchema,
  /** The simulated camera (test pattern + libx264), not part of either path, but on the same 2 cores. */
  camera: usageSchema,
  latencyMs: z.object({ p50: maybe, p95: maybe, p99: maybe, samples: z.number().int() }),
  deliveredFps: z.number(),
  /** Source frames that never reached the screen (from the stamps' frame numbers). */
  framesMissing: z.number().int(),
  frameIntervalJitterP95Ms: maybe,
  stallsOver200Ms: z.number().int(),
  kbps: maybe,
  /** Video bytes the page received in the window (kbit/s times seconds). */
  bytes: maybe,
  /** The stats hook's codec: video/H264 on the passthrough path, video/VP8 on the transcode path. */
  codec: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  mediaProtocol: z.enum(['udp', 'tcp']).nullable(),
});
export type PathMeasurement = z.infer<typeof pathMeasurementSchema>;

export const pathRunResultSchema = z.object({
  spec: pathRunSpecSchema,
  /** The ground agent's --camera. */
  camera: z.string(),
  /** 1, 5 and 15 minute load averages when the measurement window opened. */
  loadAverage: z.array(z.number()).length(3),
  /** Null when it played as it should; otherwise why not (the numbers, if any, are kept but not compared). */
  failure: z.string().nullable(),
  measured: pathMeasurementSchema.nullable(),
  /** Not failures, but worth a look: a picture smaller or slower than the camera's, frames missing. */
  notes: z.array(z.string()),
});
export type PathRunResult = z.infer<typeof pathRunResultSchema>;

/**
 * The goal per format and passthrough source: passthrough (zero playout delay) at 1/3 or less
 * of the transcode path's ground CPU, with lower latency. Each source's passthrough run is held
 * against the same transcode run of its format (the camera's MPEG-TS over UDP).
 */
export const pathComparisonSchema = z.object({
  label: z.string(),
  /** The passthrough run's source: rtp (H.264 RTP over UDP) or rtsp (pulled over TCP). */
  source: cameraSourceSchema,
  passthroughGroundCpu: maybe,
  transcodeGroundCpu: maybe,
  /** passthrough / transcode ground agent CPU. */
  cpuRatio: maybe,
  cpuGoalMet: z.boolean().nullable(),
  latencyP50DeltaMs: maybe,
  latencyP95DeltaMs: maybe,
  lowerLatency: z.boolean().nullable(),
});
export type PathComparison = z.infer<typeof pathComparisonSchema>;

/** The passthrough path with the zero playout delay against the same without one (--playout-delay off), camera over UDP RTP. */
export const playoutDelayEffectSchema = z.object({
  label: z.string(),
  zero: z.object({ p50: maybe, p95: maybe }),
  off: z.object({ p50: maybe, p95: maybe }),
});
export type PlayoutDelayEffect = z.infer<typeof playoutDelayEffectSchema>;

export const passthroughResultsSchema = z.object({
  date: z.iso.datetime(),
  machine: machineSchema,
  settings: z.object({ seconds: z.number(), warmupS: z.number(), gopSeconds: z.number(), formats: z.array(z.string()) }),
  runs: z.array(pathRunResultSchema),
  comparisons: z.array(pathComparisonSchema),
  playoutDelay: z.array(playoutDelayEffectSchema),
  /** Load averages when the last run ended. */
  loadAverageAtEnd: z.array(z.number()).length(3),
});
export type PassthroughResults = z.infer<typeof passthroughResultsSchema>;
