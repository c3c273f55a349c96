import type { Landmark } from '../landmarks.ts';

/** Ways to make the thread fail on purpose, to exercise recovery: an uncaught error, exit, hang, or refuse every frame. */
export type FaultKind = 'throw' | 'exit' | 'hang' | 'refuse';

/** Main thread -> detector thread. */
export type ToDetectorThread =
  | { type: 'init'; model: ArrayBuffer }
  | { type: 'detect'; id: number; pixels: ArrayBuffer; width: number; height: number; timestampMs: number }
  | { type: 'fault'; kind: FaultKind };

/** Detector thread -> main thread. `pixels` always comes back (transferred) so the caller can reuse it. */
export type FromDetectorThread =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; message: string }
  | { type: 'result'; id: number; landmarks: Landmark[] | null; inferenceMs: number; pixels: ArrayBuffer }
  /** `fatal`: the wasm runtime aborted; the thread exits right after and is restarted. */
  | { type: 'detect-failed'; id: number; message: string; fatal: boolean; pixels: ArrayBuffer }
  | { type: 'log'; line: string };
