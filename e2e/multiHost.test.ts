import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, freePortRange, ManagedProcess, repoRoot, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { createLogger, sfuReadySchema } from '@dronecast/protocol';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { startRedisServer, type RedisServer } from './support/redisServer.ts';
import { connectClient, tokenOf } from './support/signalingClient.ts';

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

beforeAll(async () => {
  redis = await startRedisServer();
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', sfuArgs: ['--redis-url', redis.url, '--pipe-listen-ip', '127.0.0.1'] });
  const portB = await freePort();
  originB = `https://127.0.0.1:${portB}`;
  const certs = (name: string): string => path.join(stack.dir, 'certs', name);
  sfuB = new ManagedProcess({
    name: 'sfu-b',
    script: path.join(repoRoot, 'sfu/src/main.ts'),
    args: [
      '--host', '127.0.0.1', '--port', String(portB), '--public-host', '127.0.0.1',
      '--rtc-listen-ip', '127.0.0.2', '--announced-address', '127.0.0.2', '--rtc-port', String(await freePortRange(1)), '--workers', '1',
      // The same secret as A: a phone's token from A works on B, and the SFUs sign their messages with it.
      '--state-dir', path.join(stack.dir, 'state'),
      '--tls-cert', certs('cert.pem'), '--tls-key', certs('key.pem'), '--ca-cert', certs('ca.pem'),
      '--mqtt-port', '0',
      '--redis-url', redis.url, '--pipe-listen-ip', '127.0.0.2',
    ],
    cwd: repoRoot,
    restart: false,
    logFile: path.join(stack.dir, 'sfu-b.log'),
    logger: createLogger('sfu-b'),
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SFU B not ready:\n${logB()}`)), 60_000);
    sfuB.on('message', (message) => {
      if (!sfuReadySchema.safeParse(message).success) return;
      clearTimeout(timer);
      resolve();
    });
  });
  sfuB.start();
  await ready;
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
