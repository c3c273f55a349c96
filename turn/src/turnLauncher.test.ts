import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnReadySchema, type TurnReady } from '@dronecast/protocol';
import { freePort, processAlive } from '@dronecast/runtime';
import { StunUdpClient } from './stun/StunUdpClient.ts';
import { tryTurnAllocate, turnAllocate } from './stun/turnAllocate.ts';

// A real coturn (Debian's turnserver) started by `npm run turn`'s entry point on a free loopback port.
const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
let dir: string;
let port: number;
let launcher: ChildProcess;
let ready: TurnReady;
let secret: string;

function start(args: string[]): ChildProcess {
  return fork(main, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

/** Runs the launcher to its end and returns its exit code and everything it printed. */
async function runToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = start(args);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, output };
}


function restCredential(key: string, username: string): string {
  return createHmac('sha1', key).update(username).digest('base64');
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-turnserver-'));
  port = await freePort();
  launcher = start(['--listen-ip', '127.0.0.1', '--port', String(port), '--min-port', '31000', '--max-port', '31040', '--state-dir', dir, '--allow-loopback-peers', '--user-quota', '2']);
  let output = '';
  launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  ready = await new Promise<TurnReady>((resolve, reject) => {
    launcher.on('message', (message) => {
      const parsed = turnReadySchema.safeParse(message);
      if (parsed.success) resolve(parsed.data);
    });
    launcher.once('exit', (code) => reject(new Error(`launcher exited ${code}:\n${output}`)));
  });
  secret = (await fs.readFile(ready.secretFile, 'utf8')).trim();
}, 30_000);

afterAll(async () => {
  if (launcher && launcher.exitCode === null) {
    launcher.kill('SIGTERM');
    await new Promise((resolve) => launcher.once('exit', resolve));
  }
  await fs.rm(dir, { recursive: true, force: true });
});

describe('npm run turn', () => {
  it('reports its URLs and secret file, both files readable by the owner only', async () => {
    expect(ready.urls).toEqual([`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`]);
    expect(ready.secretFile).toBe(path.join(dir, 'turn', 'secret'));
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await fs.stat(ready.secretFile)).mode & 0o777).toBe(0o600);
    const configFile = path.join(dir, 'turn', 'turnserver.conf');
    expect((await fs.stat(configFile)).mode & 0o777).toBe(0o600);
    expect(await fs.readFile(configFile, 'utf8')).toContain(`static-auth-secret=${secret}`);
  });

  it('relays for a credential signed with the shared secret, and refuses a wrong or expired one with 401', async () => {
    const username = `${Math.floor(Date.now() / 1000) + 600}:test-peer`;
    const granted = await tryTurnAllocate('127.0.0.1', port, username, restCredential(secret, username));
    if (!granted.ok) throw new Error(`refused: ${granted.code} ${granted.reason}`);
    expect(granted.relayed.address).toBe('127.0.0.1');
    expect(granted.relayed.port).toBeGreaterThanOrEqual(31000);
    expect(granted.relayed.port).toBeLessThanOrEqual(31040);

    const wrong = await tryTurnAllocate('127.0.0.1', port, username, restCredential('another-secret-entirely', username));
    expect(wrong).toMatchObject({ ok: false, code: 401 });
    // Signed correctly, but its time is up.
    const expired = `${Math.floor(Date.now() / 1000) - 60}:test-peer`;
    expect(await tryTurnAllocate('127.0.0.1', port, expired, restCredential(secret, expired))).toMatchObject({ ok: false, code: 401 });
  });

  it('relays to the SFU only: a private or loopback address other than --sfu-ip is refused (403)', async () => {
    const username = `${Math.floor(Date.now() / 1000) + 600}:test-peer`;
    // The launcher was started with --listen-ip 127.0.0.1, so the SFU is taken to be at 127.0.0.1.
    const outcome = await tryTurnAllocate('127.0.0.1', port, username, restCredential(secret, username), ['127.0.0.1', '127.0.0.2', '192.168.1.20', '10.0.0.1']);
    if (!outcome.ok) throw new Error(`refused: ${outcome.code} ${outcome.reason}`);
    expect(outcome.permissions?.['127.0.0.1']).toEqual({ ok: true });
    for (const lan of ['127.0.0.2', '192.168.1.20', '10.0.0.1']) expect(outcome.permissions?.[lan]).toMatchObject({ ok: false, code: 403 });
  });

  it('counts the quota per person: credentials of one holder with other expiries share it (486 past it)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const clients: StunUdpClient[] = [];
    const allocate = async (username: string) => {
      const client = await StunUdpClient.open('127.0.0.1', port);
      clients.push(client);
      const outcome = await turnAllocate(client, username, restCredential(secret, username));
      return outcome.ok ? 'granted' : outcome.code;
    };
    try {
      // Each socket of a phone gets a credential minted at another time: the quota must not care.
      expect(await allocate(`${now + 600}:d1.alice`)).toBe('granted');
      expect(await allocate(`${now + 601}:d1.alice`)).toBe('granted');
      expect(await allocate(`${now + 602}:d1.alice`)).toBe(486);
      expect(await allocate(`${now + 600}:d1.bob`)).toBe('granted');
    } finally {
      // Closing the sockets leaves the allocations to time out; the launcher is stopped below anyway.
      for (const client of clients) client.close();
    }
  });

  it('says the port is busy when it is', async () => {
    const { code, output } = await runToExit(['--listen-ip', '127.0.0.1', '--port', String(port), '--state-dir', dir]);
    expect(code).toBe(2);
    expect(output).toMatch(new RegExp(`port ${port} on 127.0.0.1 is in use.*pick another with --port`));
  }, 20_000);

  it('says how to install coturn when turnserver is missing', async () => {
    const other = await freePort();
    const { code, output } = await runToExit(['--listen-ip', '127.0.0.1', '--port', String(other), '--state-dir', dir, '--turnserver', '/nonexistent/turnserver']);
    expect(code).toBe(2);
    expect(output).toContain('turnserver (coturn) is not installed: sudo apt-get install -y --no-install-recommends coturn');
  }, 20_000);

  it('stops turnserver with itself', async () => {
    const pid = Number((await fs.readFile(path.join(dir, 'turn', 'turnserver.pid'), 'utf8')).trim());
    expect(processAlive(pid)).toBe(true);
    launcher.kill('SIGTERM');
    const code = await new Promise((resolve) => launcher.once('exit', resolve));
    expect(code).toBe(0);
    expect(processAlive(pid)).toBe(false);
  }, 20_000);
});
