import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** `$DRONECAST_CACHE_DIR/pose-model`, else under `${XDG_CACHE_HOME:-~/.cache}/dronecast` (as the mediasoup worker cache). */
export function cacheRoot(env) {
  const dronecastCache = env.DRONECAST_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dronecast');
  return join(dronecastCache, 'pose-model');
}

export function sha256Of(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Whether `path` exists and has exactly this content. */
export function hasContent(path, sha256) {
  return existsSync(path) && sha256Of(path) === sha256;
}

/** Files stored by content: `<root>/<sha256>/<name>`. A file whose hash no longer matches counts as absent. */
export class ContentCache {
  constructor(root) {
    this.root = root;
  }

  pathOf(file) {
    return join(this.root, file.sha256, basename(file.member));
  }

  has(file) {
    return hasContent(this.pathOf(file), file.sha256);
  }

  store(file, source) {
    copyAtomically(source, this.pathOf(file));
  }
}

// Temp files still being written; removed if the process exits early (Ctrl-C, crash).
const unfinishedFiles = new Set();
process.on('exit', () => {
  for (const file of unfinishedFiles) rmSync(file, { force: true });
});

/** Write beside the target, then rename: readers only ever see a whole file. */
export function copyAtomically(source, target) {
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  unfinishedFiles.add(temp);
  try {
    copyFileSync(source, temp);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
    unfinishedFiles.delete(temp);
  }
}
