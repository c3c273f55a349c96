import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InstallError } from './build-log.mjs';

/**
 * The installed mediasoup package. Read from disk rather than resolved:
 * mediasoup's "exports" map does not expose its package.json.
 */
export function findMediasoup(projectRoot) {
  const dir = join(projectRoot, 'node_modules', 'mediasoup');
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) {
    throw new InstallError(`mediasoup is not installed: ${manifest} does not exist`);
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  return {
    version,
    workerSourceDir: join(dir, 'worker'),
    // Where mediasoup looks for its worker when MEDIASOUP_WORKER_BIN is unset.
    workerBinary: join(dir, 'worker', 'out', 'Release', 'mediasoup-worker'),
  };
}
