import fs from 'node:fs/promises';
import type { Logger } from '@dronecast/protocol';
import { UsageError } from '@dronecast/runtime';
import { TurnIceServers } from './TurnIceServers.ts';
import { turnSecretEnv, type TurnSettings } from './turnFlags.ts';

/** Shorter secrets can be brute-forced from one captured credential. */
const minSecretLength = 16;

/** Reads the shared secret (file or environment) and builds what hands out credentials; bad secrets are usage errors. */
export async function loadTurnIceServers(
  settings: TurnSettings,
  env: Record<string, string | undefined>,
  logger: Pick<Logger, 'warn'>,
): Promise<TurnIceServers> {
  const source = settings.secretFile === undefined ? turnSecretEnv : `--turn-secret-file ${settings.secretFile}`;
  const secret = (settings.secretFile === undefined ? env[turnSecretEnv] ?? '' : await readSecretFile(settings.secretFile, logger)).trim();
  if (secret.length < minSecretLength) {
    throw new UsageError(`${source}: the TURN secret must be at least ${minSecretLength} characters (npm run turn writes a random one)`);
  }
  return new TurnIceServers({ urls: settings.urls, secret, ttlSeconds: settings.ttlSeconds });
}

async function readSecretFile(file: string, logger: Pick<Logger, 'warn'>): Promise<string> {
  try {
    const stat = await fs.stat(file);
    // Anyone who reads it can mint credentials for the relay: say so, but don't refuse a read-only secret mount.
    if ((stat.mode & 0o077) !== 0) logger.warn(`the TURN secret file ${file} is readable by other users; chmod 600 it`);
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`--turn-secret-file ${file}: no such file (npm run turn writes one in its state dir)`);
    if (code === 'EACCES') throw new UsageError(`--turn-secret-file ${file}: not allowed to read it`);
    if (code === 'EISDIR') throw new UsageError(`--turn-secret-file ${file}: is a directory, not a file`);
    throw error;
  }
}
