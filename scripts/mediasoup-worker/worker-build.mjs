import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

import { checkWorkerStarts } from './binary-cache.mjs';
import { BuildLog, InstallError } from './build-log.mjs';
import { ensurePackages } from '../system-packages/apt.mjs';
import { packagesIn } from '../system-packages/packages.mjs';
import { prepareWorkerSource } from './worker-source.mjs';

// mediasoup's own release build (worker/tasks.py), made offline. (mediasoup
// 3.2x removed io_uring, and with it the ms_disable_liburing option.)
export const MESON_SETUP_ARGS = ['--buildtype=release', '-Db_ndebug=true', '--wrap-mode=nodownload'];

export const BUILD_STEPS = 5;

/** A fresh temp dir for one build, holding its log; kept after a failure so the log can be read. */
export function startBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'dronecast-mediasoup-worker-'));
  return { dir, log: new BuildLog(join(dir, 'build.log')) };
}

/** Steps 1-4: packages, sources, configure, compile. Returns the built binary inside `dir`. */
export async function buildWorker(mediasoup, dir, log) {
  const sourceDir = join(dir, 'worker');
  const buildDir = join(dir, 'build');
  const jobs = availableParallelism();

  log.step(1, BUILD_STEPS, 'checking Debian build packages');
  await ensurePackages(
    packagesIn(['build']),
    log,
    'building the mediasoup worker',
    'install the same libraries, or build the worker and set MEDIASOUP_WORKER_BIN=<path>.',
  );

  log.step(2, BUILD_STEPS, `copying and patching mediasoup ${mediasoup.version} worker sources into ${sourceDir}`);
  prepareWorkerSource(mediasoup.workerSourceDir, sourceDir, mediasoup.version);

  log.step(3, BUILD_STEPS, 'configuring (meson setup)');
  await log.run('meson', ['setup', ...MESON_SETUP_ARGS, buildDir, sourceDir], { what: 'meson setup' });

  log.step(4, BUILD_STEPS, `compiling (6-12 minutes on 2 cores, depending on load; using ${jobs})`);
  // The flatbuffers headers must exist before any worker source compiles.
  for (const target of ['flatbuffers-generator', 'mediasoup-worker']) {
    await log.run('meson', ['compile', '-C', buildDir, '-j', String(jobs), target], { what: `compiling ${target}` });
  }

  const binary = join(buildDir, 'mediasoup-worker');
  if (!existsSync(binary)) throw new InstallError(`the build finished but ${binary} does not exist`);
  const started = checkWorkerStarts(binary);
  if (!started.ok) throw new InstallError(`the built worker does not start: ${started.detail}`);
  return binary;
}
