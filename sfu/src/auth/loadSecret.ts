import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The signing secret lives in the state dir (mode 600) so printed URLs survive restarts;
 * DRONECAST_SECRET (hex, >= 64 chars) overrides it for deployments that manage secrets.
 */
export async function loadSecret(stateDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env.DRONECAST_SECRET;
  if (fromEnv) {
    if (!/^[0-9a-f]{64,}$/i.test(fromEnv)) throw new Error('DRONECAST_SECRET must be at least 64 hex characters');
    return Buffer.from(fromEnv, 'hex');
  }
  const file = path.join(stateDir, 'secret');
  try {
    const hex = (await fs.readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{64,}$/i.test(hex)) return Buffer.from(hex, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(stateDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, secret.toString('hex'), { mode: 0o600 });
  // rename is atomic; if another process won the race, its secret is used by both.
  try {
    await fs.link(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'hex');
}
