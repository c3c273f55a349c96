import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '@dronecast/runtime';
import { loadTurnIceServers } from './loadTurnIceServers.ts';

let dir: string;
const warnings: string[] = [];
const logger = { warn: (message: string) => void warnings.push(message) };
const settings = (secretFile: string | undefined) => ({ urls: ['turn:127.0.0.1:3478?transport=udp'], secretFile, ttlSeconds: 3600 });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-turn-secret-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('loading the TURN secret', () => {
  it('reads the secret file (trailing newline ignored) and hands out credentials with the URLs', async () => {
    const file = path.join(dir, 'secret');
    await fs.writeFile(file, `${'a'.repeat(40)}\n`, { mode: 0o600 });
    const servers = await loadTurnIceServers(settings(file), {}, logger);
    const [server] = servers.forHolder('p');
    expect(server?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
    expect(server?.username).toMatch(/^\d{10}:p$/);
    expect(warnings).toEqual([]);
  });

  it('warns when others may read the file', async () => {
    const file = path.join(dir, 'open-secret');
    await fs.writeFile(file, 'b'.repeat(40));
    await fs.chmod(file, 0o644);
    await loadTurnIceServers(settings(file), {}, logger);
    expect(warnings.at(-1)).toMatch(/readable by other users; chmod 600 it/);
  });

  it('takes the secret from DRONECAST_TURN_SECRET without a file', async () => {
    const servers = await loadTurnIceServers(settings(undefined), { DRONECAST_TURN_SECRET: 'c'.repeat(24) }, logger);
    expect(servers.forHolder('q')[0]?.credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('refuses a missing file, a directory and a short secret as usage errors', async () => {
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: Error) => `${error instanceof UsageError}: ${error.message}`);
    await expect(refusal(loadTurnIceServers(settings(path.join(dir, 'nope')), {}, logger))).resolves.toMatch(/^true: .*nope: no such file \(npm run turn writes one/);
    await expect(refusal(loadTurnIceServers(settings(dir), {}, logger))).resolves.toMatch(/^true: .*is a directory/);
    const short = path.join(dir, 'short');
    await fs.writeFile(short, 'hunter2', { mode: 0o600 });
    await expect(refusal(loadTurnIceServers(settings(short), {}, logger))).resolves.toMatch(/^true: .*at least 16 characters/);
    await expect(refusal(loadTurnIceServers(settings(undefined), {}, logger))).resolves.toMatch(/^true: DRONECAST_TURN_SECRET: .*at least 16/);
  });
});
