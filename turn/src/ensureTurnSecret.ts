import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface TurnSecret {
  file: string;
  secret: string;
  created: boolean;
}

/**
 * The shared secret coturn and the SFU both hold: made once (256 random bits, mode 600) and
 * kept, so credentials the SFU already handed out stay valid across restarts of either.
 */
export async function ensureTurnSecret(dir: string): Promise<TurnSecret> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'secret');
  const fresh = randomBytes(32).toString('hex');
  try {
    await fs.writeFile(file, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return { file, secret: fresh, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = (await fs.readFile(file, 'utf8')).trim();
  if (secret.length < 16 || /\s/.test(secret)) {
    throw new Error(`${file} does not hold a usable secret (16+ characters, one line); delete it to have a new one made`);
  }
  // Whoever reads it can mint relay credentials.
  await fs.chmod(file, 0o600);
  return { file, secret, created: false };
}
