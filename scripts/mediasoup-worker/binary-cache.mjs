import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';

// The files that decide what gets built (sources, patches, stand-ins): editing any of them, docs aside, must rebuild.
const RECIPE = ['worker-source.mjs', 'subprojects'];

/** `$DRONECAST_CACHE_DIR/mediasoup-worker`, else under `${XDG_CACHE_HOME:-~/.cache}/dronecast`. */
export function cacheRoot(env) {
  const dronecastCache =
    env.DRONECAST_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dronecast');
  return join(dronecastCache, 'mediasoup-worker');
}

/**
 * Short hash of the recipe files and the meson arguments, plus the OS: the
 * binary links that OS's shared libraries.
 */
export function recipeHash(scriptDir, mesonArgs) {
  const hash = createHash('sha256');
  hash.update(`${process.platform} ${process.arch} ${osRelease()}\n${mesonArgs.join(' ')}\n`);
  for (const file of recipeFiles(scriptDir)) {
    hash.update(`${relative(scriptDir, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

export class WorkerBinaryCache {
  constructor(root, mediasoupVersion, hash) {
    this.binary = join(root, `${mediasoupVersion}-${hash}`, 'mediasoup-worker');
  }

  has() {
    return existsSync(this.binary);
  }

  store(builtBinary) {
    copyAtomically(builtBinary, this.binary);
  }
}

/** Copies (not links) so that clearing the cache never breaks node_modules. */
export function installWorkerBinary(source, target) {
  copyAtomically(source, target);
}

/**
 * Whether the binary starts: without MEDIASOUP_VERSION the worker exits with
 * 41 (mediasoup's own install check does the same); a missing shared
 * library makes the loader exit 127 instead.
 */
export function checkWorkerStarts(binary) {
  const result = spawnSync(binary, [], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 10_000 });
  if (result.status === 41) return { ok: true };
  const detail = result.error?.message ?? (result.stderr.trim() || `exit code ${result.status}`);
  return { ok: false, detail };
}

// Temp files still being written; removed if the process exits early (Ctrl-C, crash).
const unfinishedFiles = new Set();
process.on('exit', () => {
  for (const file of unfinishedFiles) rmSync(file, { force: true });
});

// Write beside the target, then rename: readers only ever see a whole binary.
function copyAtomically(source, target) {
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  unfinishedFiles.add(temp);
  try {
    copyFileSync(source, temp);
    chmodSync(temp, 0o755);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
    unfinishedFiles.delete(temp);
  }
}

function recipeFiles(scriptDir) {
  const files = [];
  const visit = (path) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (!path.endsWith('.md')) {
      files.push(path);
    }
  };
  for (const entry of RECIPE) visit(join(scriptDir, entry));
  return files;
}

function osRelease() {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (name) => text.match(new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm'))?.[1] ?? '';
    return `${field('ID')} ${field('VERSION_ID')}`;
  } catch {
    return 'unknown';
  }
}
