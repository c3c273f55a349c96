// Types for binary-cache.mjs, so the doctor starts the worker the way the install step checks it.
export declare function cacheRoot(env: NodeJS.ProcessEnv): string;
export declare function recipeHash(scriptDir: string, mesonArgs: string[]): string;
export declare class WorkerBinaryCache {
  constructor(root: string, mediasoupVersion: string, hash: string);
  readonly binary: string;
  has(): boolean;
  store(builtBinary: string): void;
}
export declare function installWorkerBinary(source: string, target: string): void;
export declare function checkWorkerStarts(binary: string): { ok: true } | { ok: false; detail: string };
