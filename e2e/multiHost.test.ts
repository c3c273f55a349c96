import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, freePortRange, ManagedProcess, repoRoot, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { accessTokenRefusals, sfuReadySchema, type IssuedLink } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { startRedisServer, type RedisServer } from '@dronecast/sfu/testing';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

/**
 * Two hosts on one machine: SFU A (with the ground agent producing the drone camera) and SFU B
 * (a second SFU process, WebRTC and pipes on 127.0.0.2), sharing signaling through a real
 * redis-server and the signing secret; B pipes the drone's producers from A over a PipeTransport.
 */
let redis: RedisServer;
let stack: LoopbackStack;
let sfuB: ManagedProcess;
let originB: string;
let browser: Browser;
const logB = (): string => fs.readFileSync(path.join(stack.dir, 'sfu-b.log'), 'utf8');

/**
 * Another SFU host beside A: WebRTC and pipes on its own loopback address, its own state folder
 * (as on another machine) holding only the signing secret copied from A's, so tokens made on A
 * work there and the hosts' messages verify.
 */
async function startHost(name: string, ip: string): Promise<{ process: ManagedProcess; origin: string }> {
  const port = await freePort();
  const certs = (file: string): string => path.join(stack.dir, 'certs', file);
  const stateDir = path.join(stack.dir, `state-${name}`);
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  fs.copyFileSync(path.join(stack.dir, 'state', 'secret'), path.join(stateDir, 'secret'));
  const logFile = path.join(stack.dir, `${name}.log`);
  const host = new ManagedProcess({
    name,
    script: path.join(repoRoot, 'sfu/src/main.ts'),
    args: [
      '--host', '127.0.0.1', '--port', String(port), '--public-host', '127.0.0.1',
      '--rtc-listen-ip', ip, '--announced-address', ip, '--rtc-port', String(await freePortRange(1)), '--workers', '1',
      '--state-dir', stateDir,
      '--tls-cert', certs('cert.pem'), '--tls-key', certs('key.pem'), '--ca-cert', certs('ca.pem'),
      '--mqtt-port', '0',
      '--redis-url', redis.url, '--pipe-listen-ip', ip,
    ],
    cwd: repoRoot,
    restart: false,
    logFile,
    logger: createLogger(name),
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready:\n${fs.readFileSync(logFile, 'utf8')}`)), 60_000);
    host.on('message', (message) => {
      if (!sfuReadySchema.safeParse(message).success) return;
      clearTimeout(timer);
      resolve();
    });
  });
  host.start();
  await ready;
  return { process: host, origin: `https://127.0.0.1:${port}` };
}

beforeAll(async () => {
  // Set up as the README asks of a real one: with a password, which --redis-url carries.
  redis = await startRedisServer({ password: 'multi-host test password' });
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', sfuArgs: ['--redis-url', redis.url, '--pipe-listen-ip', '127.0.0.1'] });
  const b = await startHost('sfu-b', '127.0.0.2');
  sfuB = b.process;
  originB = b.origin;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sfuB?.stop();
  await stack?.stop();
  await redis?.stop();
});

describe('two SFU hosts: Redis-shared signaling, media over a PipeTransport', () => {
  it('plays the drone producing into SFU A on a phone connected to SFU B', async () => {
    const page = await openPhonePage(browser, `${originB}/?token=${tokenOf(stack.viewerUrl)}`);
    const stats = await waitForMoreFrames(page, 45, 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await pageStats(page))}\n--- sfu-b.log\n${logB()}\n${await stack.logs()}`);
    });
    expect(stats.video).toBe('playing');
    expect([stats.width, stats.height]).toEqual([320, 240]);
    expect(logB()).toContain('serving a producer piped from another SFU');
    expect(await stack.logs()).toContain('piping a producer to another SFU');
    await page.close();
  }, 90_000);

  it('relays the ground agent\'s telemetry from A to a client of B through the Redis adapter', async () => {
    const client = await connectClient(originB, tokenOf(stack.viewerUrl), path.join(stack.dir, 'certs'));
    try {
      const telemetry = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no telemetry on B within 10 s')), 10_000);
        client.socket.once('drone:telemetry', (sample) => {
          clearTimeout(timer);
          resolve(sample);
        });
      });
      expect(telemetry).toMatchObject({ state: expect.any(String) });
    } finally {
      client.close();
    }
  }, 30_000);

  it('tells a client of B every drone event a client of A is told, and greets it with the same state', async () => {
    const certs = path.join(stack.dir, 'certs');
    const viewerA = recording(await connectClient(stack.origin, tokenOf(stack.viewerUrl), certs));
    const viewerB = recording(await connectClient(originB, tokenOf(stack.viewerUrl), certs));
    const pilotA = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs);
    const consoleA = recording(await connectClient(stack.origin, stack.stack.ready.tokens.console, certs));
    const clients = [viewerA, viewerB, pilotA, consoleA];
    const sameOnB = (event: string) => expect.poll(() => viewerB.last(event), { timeout: 10_000 }).toEqual(viewerA.last(event));
    try {
      // B has no ground agent: A's greeting says it is online and what the drone is doing.
      await expect.poll(() => viewerB.last('drone:agent'), { timeout: 10_000 }).toEqual({ online: true });
      for (const event of ['control:lease', 'capture:recording', 'pose:control', 'video:quality']) await sameOnB(event);

      expect((await pilotA.send('control:acquire', {})).ok).toBe(true);
      await expect.poll(() => viewerB.last('control:lease'), { timeout: 10_000 }).toMatchObject({ holder: { peerId: pilotA.welcome.peerId } });

      expect((await consoleA.send('video:setTransports', { websocket: false })).ok).toBe(true);
      await expect.poll(() => viewerB.last('video:transports'), { timeout: 10_000 }).toMatchObject({ websocket: { available: false, switchedOff: true } });
      expect((await consoleA.send('video:setTransports', { websocket: true })).ok).toBe(true);
      await sameOnB('video:transports');

      expect((await consoleA.send('video:setQuality', { jpegQuality: 61 })).ok).toBe(true);
      await expect.poll(() => viewerB.last('video:quality'), { timeout: 10_000 }).toMatchObject({ jpegQuality: 61 });

      const photo = await consoleA.send('capture:photo', {});
      expect(photo.ok).toBe(true);
      await expect.poll(() => viewerB.all('gallery:changed'), { timeout: 10_000 }).toContainEqual(expect.objectContaining({ type: 'added' }));

      expect((await consoleA.send('capture:startRecording', {})).ok).toBe(true);
      await expect.poll(() => viewerB.last('capture:recording'), { timeout: 10_000 }).toMatchObject({ recording: true });
      expect((await consoleA.send('capture:stopRecording', {})).ok).toBe(true);
      await expect.poll(() => viewerB.last('capture:recording'), { timeout: 30_000 }).toMatchObject({ recording: false });
      await sameOnB('capture:recording');

      // The console on A lists the viewer connected to B.
      await expect
        .poll(() => (consoleA.last('session:peers') as { peers: { peerId: string }[] } | undefined)?.peers.map((p) => p.peerId), { timeout: 10_000 })
        .toContain(viewerB.welcome.peerId);

      expect((await pilotA.send('control:release', {})).ok).toBe(true);
      await expect.poll(() => viewerB.last('control:lease'), { timeout: 10_000 }).toEqual({ holder: null });

      // A client that joins B now is greeted with the drone's state as A's clients know it.
      const lateB = recording(await connectClient(originB, tokenOf(stack.viewerUrl), certs));
      clients.push(lateB);
      for (const event of ['drone:agent', 'control:lease', 'capture:recording', 'pose:control', 'video:quality', 'video:transports']) {
        await expect.poll(() => lateB.last(event), { timeout: 10_000 }).toEqual(viewerA.last(event) ?? viewerA.welcome.transports);
      }
    } finally {
      for (const client of clients) client.close();
    }
  }, 90_000);

  it('refuses a link revoked on A on every host: B drops its phone at once, and a host started later refuses it', async () => {
    const certs = path.join(stack.dir, 'certs');
    const consoleA = await connectClient(stack.origin, stack.stack.ready.tokens.console, certs);
    let hostC: ManagedProcess | undefined;
    try {
      const issued = (await consoleA.send('links:issue', { role: 'viewer', name: 'Bea', ttlHours: 24 })) as { ok: boolean; data: IssuedLink };
      expect(issued.ok).toBe(true);
      const bea = recording(await connectClient(originB, issued.data.token, certs));
      const revoked = await consoleA.send('links:revoke', { id: issued.data.link.id });
      expect(revoked.ok).toBe(true);
      await expect.poll(() => bea.last('session:closing'), { timeout: 10_000 }).toMatchObject({ restartExpected: false });
      await expect.poll(() => bea.socket.connected, { timeout: 10_000 }).toBe(false);
      // B's own link book never had her link: it learnt the revocation from A.
      await expect.poll(() => logB(), { timeout: 10_000 }).toContain('a link was revoked on another host');
      await expect(connectClient(originB, issued.data.token, certs)).rejects.toThrow(accessTokenRefusals.revoked);

      // A host that joins now asks the others what they revoked before it serves anyone.
      const c = await startHost('sfu-c', '127.0.0.3');
      hostC = c.process;
      await expect(connectClient(c.origin, issued.data.token, certs)).rejects.toThrow(accessTokenRefusals.revoked);
      // A link nobody revoked still works there.
      const viewer = await connectClient(c.origin, tokenOf(stack.viewerUrl), certs);
      viewer.close();
    } finally {
      consoleA.close();
      await hostC?.stop();
    }
  }, 90_000);

  it('drops B\'s piped copy when the drone camera closes on A (the ground agent stops)', async () => {
    const client = await connectClient(originB, tokenOf(stack.viewerUrl), path.join(stack.dir, 'certs'));
    const producersOnB = async (): Promise<string[]> => {
      const answer = (await client.send('media:listProducers', {})) as { ok: boolean; data?: { producers: { source: string }[] } };
      return (answer.data?.producers ?? []).map((p) => p.source);
    };
    try {
      expect(await producersOnB()).toEqual(['drone-camera']);
      await stack.stack.ground.stop();
      await expect.poll(producersOnB, { timeout: 10_000 }).toEqual([]);
    } finally {
      client.close();
    }
  }, 30_000);
});

/** A client that keeps every event it is sent, by name. */
function recording(client: TestClient): TestClient & { last(event: string): unknown; all(event: string): unknown[] } {
  const seen = new Map<string, unknown[]>();
  client.socket.onAny((event: string, payload: unknown) => seen.set(event, [...(seen.get(event) ?? []), payload]));
  return { ...client, last: (event) => seen.get(event)?.at(-1), all: (event) => seen.get(event) ?? [] };
}
