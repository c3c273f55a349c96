// The detector thread: owns one PoseLandmarker. detectForVideo is synchronous (~35 ms of CPU per
// frame) so it must not run on the processing process's event loop.
import type { PoseLandmarker } from '@mediapipe/tasks-vision';
import { parentPort } from 'node:worker_threads';

import type { Landmark } from '../landmarks.ts';
import { createPoseLandmarker } from '../mediapipe/createPoseLandmarker.ts';
import { MediaPipeLog } from '../mediapipe/mediapipeLog.ts';
import type { FaultKind, FromDetectorThread, ToDetectorThread } from './messages.ts';

const port = parentPort;
if (!port) throw new Error('detectorThread.ts runs as a worker thread (see PoseDetector)');

const log = new MediaPipeLog((line) => post({ type: 'log', line }));
let landmarker: PoseLandmarker | undefined;
/** MediaPipe's clock: the warm-up frame is at 0, camera frames after it. */
let lastTimestamp = 0;
/** The caller's timestamp of the previous frame (see detect). */
let lastCameraTimestamp: number | undefined;
/** Set by the 'refuse' fault: every frame fails as if MediaPipe's graph had broken. */
let refuseFrames = false;

function post(message: FromDetectorThread, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function init(model: ArrayBuffer): Promise<void> {
  const startedAt = performance.now();
  try {
    landmarker = await createPoseLandmarker(new Uint8Array(model), log);
    // The first detection sets up XNNPACK (about a second): pay it now, not on the first camera frame.
    warmUp(landmarker);
    post({ type: 'ready', loadMs: performance.now() - startedAt });
  } catch (error) {
    const detail = log.takeRecentErrors().join(' | ');
    post({ type: 'load-failed', message: `${messageOf(error)}${detail ? ` (MediaPipe: ${detail})` : ''}` });
  }
}

function warmUp(poseLandmarker: PoseLandmarker): void {
  const width = 256;
  const height = 256;
  poseLandmarker.detectForVideo(imageOf(new Uint8Array(width * height * 4).fill(128), width, height), 0);
}

function detect(message: Extract<ToDetectorThread, { type: 'detect' }>): void {
  const { id, pixels, width, height } = message;
  if (!landmarker) {
    post({ type: 'detect-failed', id, message: 'the pose model is not loaded', fatal: false, pixels }, [pixels]);
    return;
  }
  // VIDEO mode wants increasing timestamps, and its graph breaks for good after a jump to
  // epoch-sized ones (Date.now()). Keep MediaPipe's own clock: advance it by the caller's
  // frame interval, at least 1 ms and at most 1 s (a new camera, a paused phone).
  const interval = lastCameraTimestamp === undefined ? 1 : message.timestampMs - lastCameraTimestamp;
  lastCameraTimestamp = message.timestampMs;
  const timestampMs = lastTimestamp + Math.min(1000, Math.max(1, Number.isFinite(interval) ? interval : 1));
  lastTimestamp = timestampMs;
  const startedAt = performance.now();
  try {
    if (refuseFrames) throw new Error('fault injected: MediaPipe refuses every frame');
    const result = landmarker.detectForVideo(imageOf(new Uint8Array(pixels), width, height), timestampMs);
    const pose = result.landmarks[0];
    const landmarks: Landmark[] | null = pose ? pose.map(({ x, y, z, visibility }) => ({ x, y, z, visibility: visibility ?? 0 })) : null;
    post({ type: 'result', id, landmarks, inferenceMs: performance.now() - startedAt, pixels }, [pixels]);
  } catch (error) {
    // An aborted wasm runtime stays broken: report, then exit so the main thread starts a fresh one.
    const fatal = error instanceof WebAssembly.RuntimeError;
    const detail = log.takeRecentErrors().join(' | ');
    post({ type: 'detect-failed', id, message: `${messageOf(error)}${detail ? ` (MediaPipe: ${detail})` : ''}`, fatal, pixels }, [pixels]);
    if (fatal) process.exit(70);
  }
}

function fault(kind: FaultKind): void {
  if (kind === 'exit') process.exit(71);
  if (kind === 'refuse') {
    refuseFrames = true;
    return;
  }
  if (kind === 'hang') {
    // Never returns; only terminate() ends it.
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
  setImmediate(() => {
    throw new Error('fault injected into the pose detector thread');
  });
}

port.on('message', (message: ToDetectorThread) => {
  switch (message.type) {
    case 'init':
      void init(message.model);
      break;
    case 'detect':
      detect(message);
      break;
    case 'fault':
      fault(message.kind);
      break;
  }
});

/** tasks-vision takes any {data: RGBA bytes, width, height}; its types only name ImageData, which Node lacks. */
function imageOf(data: Uint8Array, width: number, height: number): ImageData {
  return { data, width, height } as unknown as ImageData;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
