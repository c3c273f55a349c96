import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { runInThisContext } from 'node:vm';

/**
 * What tasks-vision expects of a browser worker and plain Node lacks. Installed in the detector
 * thread only: `self` and `importScripts` would mislead other libraries in the main thread.
 */
export function installMediaPipeGlobals(log: (text: string) => void): void {
  const scope = globalThis as Record<string, unknown>;
  scope.self ??= globalThis;
  // This wasm build is single-threaded: one core is the truth for it.
  scope.navigator ??= { userAgent: 'Node.js', hardwareConcurrency: 1 };
  // Emscripten's context creation checks `instanceof WebGLRenderingContext` (WebGL1); ours is WebGL2.
  scope.WebGLRenderingContext ??= class WebGLRenderingContext {};
  scope.importScripts = (...paths: string[]) => {
    for (const path of paths) evaluateWasmLoader(path, log);
  };
}

/**
 * tasks-vision loads its wasm loader with importScripts(path). The loader is a CommonJS-style
 * script that defines ModuleFactory (and uses require, __dirname once running in Node);
 * evaluate it with those in scope and publish ModuleFactory where tasks-vision looks for it.
 * MediaPipe's own log lines go to `dbg` when one is in scope (else console.warn): give it ours.
 */
function evaluateWasmLoader(path: string, log: (text: string) => void): void {
  const source = readFileSync(path, 'utf8');
  const wrapper = runInThisContext(`(function (module, exports, require, __filename, __dirname, dbg) {${source}\n})`, {
    filename: path,
  }) as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  wrapper(module, module.exports, createRequire(path), path, dirname(path), log);
  if (typeof module.exports !== 'function') throw new Error(`${path} did not export the wasm ModuleFactory`);
  (globalThis as Record<string, unknown>).ModuleFactory = module.exports;
}
