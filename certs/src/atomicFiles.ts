import { mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const STAGING_PREFIX = '.staging-';

export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

/** A private (0700) directory beside the outputs, so the final rename stays on one filesystem and is atomic. */
export function makeStagingDir(dir: string): Promise<string> {
  return mkdtemp(join(dir, STAGING_PREFIX));
}

/** Flushes and chmods a finished file, then renames it over `dest`: readers see the old file or the new one, never a partial one. */
export async function installFile(source: string, dest: string, mode: number): Promise<void> {
  const handle = await open(source, 'r+');
  try {
    // chmod, not the open mode, so the result does not depend on the caller's umask.
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(source, dest);
}

/** Makes completed renames durable; some platforms cannot open directories, and that only costs durability. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only.
  }
}

/** Removes staging directories left by runs that were killed before their cleanup ran. */
export async function removeStaleStagingDirs(dir: string, olderThanMs = 60 * 60 * 1000): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(STAGING_PREFIX)) continue;
    const path = join(dir, entry.name);
    // Age check so a concurrent run's live staging directory is left alone.
    const info = await stat(path).catch(() => undefined); // another run may remove it first
    if (info && Date.now() - info.mtimeMs > olderThanMs) await rm(path, { recursive: true, force: true });
  }
}
