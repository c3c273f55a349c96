// Root postinstall: gives mediasoup its worker binary without internet.
// mediasoup's own postinstall is denied in package.json because it downloads
// (a prebuilt worker, then meson subprojects). This builds the worker against
// Debian's libraries once per machine and then copies it from a user cache.
// See /work/shared/NOTES.md, "mediasoup (the SFU)".
import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cacheRoot, checkWorkerStarts, installWorkerBinary, recipeHash, WorkerBinaryCache } from './binary-cache.mjs';
import { InstallError, say } from './build-log.mjs';
import { findMediasoup } from './mediasoup-package.mjs';
import { BUILD_STEPS, buildWorker, MESON_SETUP_ARGS, startBuild } from './worker-build.mjs';

const scriptDir = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(scriptDir, '..', '..');

// Exit through process.exit so the 'exit' handler removes half-written temp files.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function main() {
  const chosenWorker = process.env.MEDIASOUP_WORKER_BIN;
  if (chosenWorker) {
    say(`MEDIASOUP_WORKER_BIN is set: mediasoup will run ${chosenWorker}; skipping the worker build`);
    if (!existsSync(chosenWorker)) say(`warning: ${chosenWorker} does not exist`);
    return;
  }

  const mediasoup = findMediasoup(projectRoot);
  const cache = new WorkerBinaryCache(cacheRoot(process.env), mediasoup.version, recipeHash(scriptDir, MESON_SETUP_ARGS));

  if (cache.has()) {
    const check = checkWorkerStarts(cache.binary);
    if (check.ok) {
      installWorkerBinary(cache.binary, mediasoup.workerBinary);
      say(`mediasoup ${mediasoup.version} worker installed from cache ${cache.binary}`);
      return;
    }
    say(`cached worker ${cache.binary} no longer starts (${check.detail}); rebuilding it`);
  }

  say(`no cached worker for mediasoup ${mediasoup.version}: building it from source, once per machine`);
  const startedAt = Date.now();
  const { dir, log } = startBuild();
  try {
    const built = await buildWorker(mediasoup, dir, log);
    log.step(BUILD_STEPS, BUILD_STEPS, `storing the worker in ${cache.binary}`);
    let source = cache.binary;
    try {
      cache.store(built);
    } catch (error) {
      // An unwritable cache only costs the next install a rebuild.
      log.line(`warning: could not write the cache (${error.message}); installing without caching`);
      source = built;
    }
    installWorkerBinary(source, mediasoup.workerBinary);
  } catch (error) {
    log.record(`FAILED: ${error.stack ?? error}`);
    error.logPath = log.path;
    throw error;
  } finally {
    log.close();
  }
  rmSync(dir, { recursive: true, force: true });
  say(`worker built in ${formatDuration(Date.now() - startedAt)} and installed to ${mediasoup.workerBinary}`);
}

function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

main().catch((error) => {
  const reason = error instanceof InstallError ? error.message : `unexpected error: ${error.message ?? error}`;
  console.error(`[mediasoup-worker] FAILED: ${reason}`);
  if (error.logPath) console.error(`[mediasoup-worker] full log: ${error.logPath} (build folder kept for inspection)`);
  console.error('[mediasoup-worker] to use a worker built elsewhere, export MEDIASOUP_WORKER_BIN=<path> (read at install and at run time)');
  process.exit(1);
});
