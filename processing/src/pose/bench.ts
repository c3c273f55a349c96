// Pose pipeline benchmark: `npx tsx processing/src/pose/bench.ts [frames]` prints the numbers;
// runPoseBench() returns them (for `npm run bench`).
import { pathToFileURL } from 'node:url';

import { classifyPose } from './classify/classifyPose.ts';
import { PoseDetector } from './detector/PoseDetector.ts';
import { drawCaption } from './draw/drawCaption.ts';
import { drawSkeleton } from './draw/drawSkeleton.ts';
import type { I420Frame } from './frames.ts';
import { i420ToRgba } from './i420ToRgba.ts';
import { PoseFrameProcessor } from './PoseFrameProcessor.ts';
import { rgbaToI420 } from './rgbaToI420.ts';
import { loadTestPhoto, type TestPhotoName } from './testing/testPhotos.ts';

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface PoseBenchResult {
  width: number;
  height: number;
  /** Frames measured one after the other (after the warm-up). */
  frames: number;
  /**
   * Added latency of a frame that gets its own skeleton: I420 in -> RGBA -> detect (worker
   * thread, round trip) -> classify -> skeleton and caption drawn into the I420 frame -> out.
   */
  addedMs: Percentiles;
  /** Frames through that whole path per second, back to back. */
  fps: number;
  /** The parts of addedMs. */
  convertMs: Percentiles;
  inferenceMs: Percentiles;
  detectRoundTripMs: Percentiles;
  drawMs: Percentiles;
  /** RGBA -> I420, not on the path (drawing is done in I420), measured for reference. */
  rgbaToI420Ms: Percentiles;
  /** A 30 fps camera through PoseFrameProcessor, as the worker runs it. */
  streaming: {
    cameraFps: number;
    frames: number;
    /** Camera frame in -> frame out with the latest skeleton (convert + offer + draw). */
    forwardMs: Percentiles;
    detectionsPerSecond: number;
    dropped: number;
    /** How old the drawn skeleton was (camera time) when a frame went out. */
    skeletonAgeMs: Percentiles;
  };
}

export interface PoseBenchOptions {
  frames?: number;
  warmupFrames?: number;
  width?: number;
  height?: number;
  photo?: TestPhotoName;
  streamingSeconds?: number;
  cameraFps?: number;
}

export async function runPoseBench(options: PoseBenchOptions = {}): Promise<PoseBenchResult> {
  const { frames = 100, warmupFrames = 10, width = 640, height = 480, photo = 'groupCentre', streamingSeconds = 5, cameraFps = 30 } = options;
  const source = rgbaToI420(await loadTestPhoto(photo, width, height));
  const detector = new PoseDetector();
  try {
    await detector.ready();
    const sequential = await measureSequential(detector, source, frames, warmupFrames);
    const rgba = i420ToRgba(source);
    const rgbaToI420Ms = timeIt(50, () => rgbaToI420(rgba));
    const streaming = await measureStreaming(detector, source, streamingSeconds, cameraFps);
    return { width, height, frames, ...sequential, rgbaToI420Ms, streaming };
  } finally {
    await detector.close();
  }
}

async function measureSequential(detector: PoseDetector, source: I420Frame, frames: number, warmupFrames: number) {
  const added: number[] = [];
  const convert: number[] = [];
  const inference: number[] = [];
  const roundTrip: number[] = [];
  const draw: number[] = [];
  let rgbaBuffer: Uint8Array | undefined;
  let measuredTime = 0;
  for (let i = 0; i < warmupFrames + frames; i++) {
    const frame = { ...source, data: source.data.slice() };
    const start = performance.now();
    const rgba = i420ToRgba(frame, rgbaBuffer);
    const converted = performance.now();
    const detection = await detector.detect({ ...rgba, timestampMs: i * 33 });
    const detected = performance.now();
    if (detection.status !== 'detected') throw new Error(`benchmark frame ${detection.status}`);
    rgbaBuffer = detection.data;
    const classification = classifyPose(detection.landmarks, { aspect: frame.width / frame.height });
    if (detection.landmarks) drawSkeleton(frame, detection.landmarks);
    drawCaption(frame, [`${classification.pose.toUpperCase()} | 20.0 FPS | ${Math.round(detection.inferenceMs)} MS`]);
    const end = performance.now();
    if (i < warmupFrames) continue;
    measuredTime += end - start;
    added.push(end - start);
    convert.push(converted - start);
    roundTrip.push(detected - converted);
    inference.push(detection.inferenceMs);
    draw.push(end - detected);
  }
  return {
    addedMs: percentiles(added),
    fps: (frames * 1000) / measuredTime,
    convertMs: percentiles(convert),
    inferenceMs: percentiles(inference),
    detectRoundTripMs: percentiles(roundTrip),
    drawMs: percentiles(draw),
  };
}

async function measureStreaming(detector: PoseDetector, source: I420Frame, seconds: number, cameraFps: number) {
  const processor = new PoseFrameProcessor({ detector });
  const interval = 1000 / cameraFps;
  const frames = Math.round(seconds * cameraFps);
  const forward: number[] = [];
  const ages: number[] = [];
  const began = performance.now();
  for (let i = 0; i < frames; i++) {
    // Camera time: when this frame was due. Waiting for it lets finished detections come in.
    const due = began + i * interval;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const frame = { ...source, data: source.data.slice() };
    const start = performance.now();
    processor.process(frame, due);
    forward.push(performance.now() - start);
    const latest = processor.latest;
    if (latest) ages.push(due - latest.timestampMs);
  }
  const stats = processor.stats();
  return {
    cameraFps,
    frames,
    forwardMs: percentiles(forward),
    detectionsPerSecond: (stats.detected * 1000) / (performance.now() - began),
    dropped: stats.dropped,
    skeletonAgeMs: percentiles(ages),
  };
}

function timeIt(times: number, run: () => void): Percentiles {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}

function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function formatPoseBenchResult(result: PoseBenchResult): string {
  const p = ({ p50, p95 }: Percentiles) => `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`;
  const s = result.streaming;
  return [
    `pose pipeline at ${result.width}x${result.height}, ${result.frames} frames back to back:`,
    `  added latency (I420 in -> skeleton drawn out): ${p(result.addedMs)}; ${result.fps.toFixed(1)} frames/s`,
    `    I420 -> RGBA ${p(result.convertMs)}`,
    `    detect round trip ${p(result.detectRoundTripMs)} (inference ${p(result.inferenceMs)})`,
    `    classify + draw ${p(result.drawMs)}`,
    `  RGBA -> I420 (not on the path): ${p(result.rgbaToI420Ms)}`,
    `streaming a ${s.cameraFps} fps camera (${s.frames} frames): every frame forwarded in ${p(s.forwardMs)};`,
    `  ${s.detectionsPerSecond.toFixed(1)} detections/s, ${s.dropped} frames not detected (latest wins); skeleton age ${p(s.skeletonAgeMs)}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const frames = Number(process.argv[2] ?? 100);
  runPoseBench({ frames }).then(
    (result) => console.log(formatPoseBenchResult(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
