import type { PoseLandmarker } from '@mediapipe/tasks-vision';

import { createInMemoryCanvas } from './InMemoryWebGL2.ts';
import type { MediaPipeLog } from './mediapipeLog.ts';
import { installMediaPipeGlobals } from './nodeGlobals.ts';
import { visionWasmFiles } from './wasmFiles.ts';

/**
 * A PoseLandmarker on the CPU delegate in VIDEO mode (tracking between frames: faster than
 * IMAGE mode). Call inside the detector thread: it installs browser-like globals first, and
 * tasks-vision reads `self` when its module is evaluated, hence the dynamic import.
 */
export async function createPoseLandmarker(model: Uint8Array, log: MediaPipeLog): Promise<PoseLandmarker> {
  installMediaPipeGlobals(log.write);
  // Emscripten takes print/printErr from a pre-set Module object; tasks-vision then adds locateFile.
  (globalThis as Record<string, unknown>).Module = { print: log.write, printErr: log.write };
  const { PoseLandmarker } = await import('@mediapipe/tasks-vision');
  return PoseLandmarker.createFromOptions(visionWasmFiles(), {
    canvas: createInMemoryCanvas() as unknown as HTMLCanvasElement,
    runningMode: 'VIDEO',
    numPoses: 1,
    outputSegmentationMasks: false,
    baseOptions: { delegate: 'CPU', modelAssetBuffer: model },
  });
}
