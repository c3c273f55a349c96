import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** tasks-vision's SIMD wasm build (Node 20 has wasm SIMD), located through the package's exports map. */
export function visionWasmFiles(): { wasmLoaderPath: string; wasmBinaryPath: string } {
  return {
    wasmLoaderPath: require.resolve('@mediapipe/tasks-vision/vision_wasm_internal.js'),
    wasmBinaryPath: require.resolve('@mediapipe/tasks-vision/vision_wasm_internal.wasm'),
  };
}
