import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTurnSecret } from './ensureTurnSecret.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-turn-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('the TURN shared secret', () => {
  it('is made once, 256 random bits, readable by its owner only, and kept', async () => {
    const first = await ensureTurnSecret(path.join(dir, 'a'));
    expect(first.created).toBe(true);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await fs.stat(first.file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.join(dir, 'a'))).mode & 0o777).toBe(0o700);
    const again = await ensureTurnSecret(path.join(dir, 'a'));
    expect(again).toEqual({ ...first, created: false });
    expect((await ensureTurnSecret(path.join(dir, 'b'))).secret).not.toBe(first.secret);
  });

  it('tightens an existing file to mode 600 and refuses one without a usable secret', async () => {
    const sub = path.join(dir, 'c');
    await fs.mkdir(sub);
    await fs.writeFile(path.join(sub, 'secret'), 'x'.repeat(20), { mode: 0o644 });
    await ensureTurnSecret(sub);
    expect((await fs.stat(path.join(sub, 'secret'))).mode & 0o777).toBe(0o600);
    await fs.writeFile(path.join(sub, 'secret'), 'short');
    await expect(ensureTurnSecret(sub)).rejects.toThrow(/does not hold a usable secret.*delete it/);
  });
});
