import fs from 'node:fs';
import type { MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { frameRelayEvents, framesNamespace, mqttTopics, type Ack, type VideoTransport } from '@dronecast/protocol';
import { launchChromium } from './support/browser.ts';
import { connectMqttViewer, mqttVideoDemand } from './support/mqttClient.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

let stack: LoopbackStack;
let browser: Browser;
let page: Page;
let groundConsole: TestClient;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium();
  groundConsole = await connectClient(stack.origin, stack.stack.ready.tokens.console, `${stack.dir}/certs`);
  page = await openPhonePage(browser, `${stack.pilotUrl}&transport=websocket`);
  await playingOver(page, 'websocket');
}, 120_000);

afterAll(async () => {
  groundConsole?.close();
  await browser?.close();
  await stack?.stop();
});

async function playingOver(on: Page, transport: VideoTransport): Promise<void> {
  await on.waitForFunction((t) => window.__dronecast?.stats().transport === t && window.__dronecast?.stats().video === 'playing', transport, {
    timeout: 30_000,
    polling: 100,
  });
  await waitForMoreFrames(on, 10, 20_000);
}

/** How often a line appears in the stack's logs. */
async function logCount(pattern: RegExp): Promise<number> {
  return (await stack.logs()).match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

/** A raw socket on /frames, as a tool or an old page would open it. */
async function framesSocket(): Promise<{ socket: Socket; frames: () => number; stopped: unknown[]; subscribe: () => Promise<Ack<unknown>> }> {
  const socket = io(`${stack.origin}${framesNamespace}`, {
    auth: { token: tokenOf(stack.viewerUrl) },
    transports: ['websocket'],
    ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
    reconnection: false,
  });
  let frames = 0;
  const stopped: unknown[] = [];
  socket.on(frameRelayEvents.frame, () => frames++);
  socket.on(frameRelayEvents.stopped, (payload: unknown) => void stopped.push(payload));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, frames: () => frames, stopped, subscribe: () => socket.timeout(10_000).emitWithAck(frameRelayEvents.subscribe, {}) as Promise<Ack<unknown>> };
}

const notice = async (): Promise<string | undefined> => (await page.getByTestId('status-message').textContent({ timeout: 10_000 }))?.trim();

describe('the console switches the fallbacks off and on', () => {
  it('only the console may: a pilot or a viewer is refused', async () => {
    for (const url of [stack.pilotUrl, stack.viewerUrl]) {
      const client = await connectClient(stack.origin, tokenOf(url), `${stack.dir}/certs`);
      try {
        expect(await client.send('video:setTransports', { websocket: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      } finally {
        client.close();
      }
    }
    expect(groundConsole.welcome.transports.websocket).toEqual({ available: true });
  }, 30_000);

  it('websocket off: the page falls back to WebRTC and says why, the ground agent stops encoding, /frames refuses; on again: it subscribes again', async () => {
    const watching = await framesSocket();
    try {
      expect(await watching.subscribe()).toMatchObject({ ok: true });
      await expect.poll(watching.frames, { timeout: 10_000 }).toBeGreaterThan(3);
      const pausedBefore = await logCount(/nobody watches: JPEG frames paused/);

      const answer = await groundConsole.send('video:setTransports', { websocket: false });
      expect(answer).toEqual({
        ok: true,
        data: { websocket: { available: false, reason: 'the ground station switched websocket video off', switchedOff: true }, mqtt: { available: true, url: null } },
      });

      // The page: WebRTC at once, frames keep coming, the notice and the disabled button say why.
      await playingOver(page, 'webrtc');
      expect((await pageStats(page)).transport).toBe('webrtc');
      await expect(page.getByTestId('drone-video').evaluate((e) => e.tagName)).resolves.toBe('VIDEO');
      expect(await notice()).toBe('The ground station switched websocket video off; showing WebRTC');
      await expect(page.getByTestId('transport-websocket').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('transport-websocket-reason').textContent()).resolves.toMatch(/the ground station switched websocket video off/);
      await expect(page.getByTestId('transport-mqtt').isEnabled()).resolves.toBe(true);

      // The raw subscriber was told why and dropped; nobody watches, so the ground agent stops encoding JPEG.
      await expect.poll(() => watching.stopped, { timeout: 10_000 }).toEqual([{ reason: 'the ground station switched websocket video off' }]);
      await expect.poll(() => logCount(/nobody watches: JPEG frames paused/), { timeout: 10_000 }).toBeGreaterThan(pausedBefore);
      const framesAfterStop = watching.frames();
      expect(await watching.subscribe()).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'the ground station switched websocket video off' } });
      const late = await framesSocket();
      try {
        expect(await late.subscribe()).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      } finally {
        late.socket.disconnect();
      }
      await new Promise((r) => setTimeout(r, 1000));
      expect(watching.frames()).toBe(framesAfterStop);

      // On again: the button is enabled (the page stays on WebRTC), and /frames subscribes again.
      expect(await groundConsole.send('video:setTransports', { websocket: true })).toMatchObject({ ok: true, data: { websocket: { available: true } } });
      await expect.poll(() => page.getByTestId('transport-websocket').isEnabled(), { timeout: 10_000 }).toBe(true);
      await expect(page.getByTestId('transport-websocket-reason').count()).resolves.toBe(0);
      await expect(page.getByTestId('status-message').count()).resolves.toBe(0);
      expect((await pageStats(page)).transport).toBe('webrtc');
      expect(await watching.subscribe()).toMatchObject({ ok: true });
      await expect.poll(watching.frames, { timeout: 10_000 }).toBeGreaterThan(framesAfterStop + 3);
    } finally {
      watching.socket.disconnect();
    }
  }, 120_000);

  it('MQTT off: the page falls back, the broker refuses video but not telemetry, demand drops to zero; on again: video subscribes again', async () => {
    await page.getByTestId('transport-mqtt').tap();
    await playingOver(page, 'mqtt');
    const viewerToken = tokenOf(stack.viewerUrl);
    const video = mqttTopics.videoJpeg('drone1');
    const telemetry = mqttTopics.telemetry('drone1');
    const tool: MqttClient = await connectMqttViewer(stack, viewerToken);
    const received = { video: 0, telemetry: 0 };
    tool.on('message', (topic) => {
      if (topic === video) received.video++;
      if (topic === telemetry) received.telemetry++;
    });
    try {
      await tool.subscribeAsync([video, telemetry]);
      await expect.poll(() => received.video, { timeout: 10_000 }).toBeGreaterThan(3);
      expect(await mqttVideoDemand(stack, viewerToken, 'drone1')).toBe(2);

      expect(await groundConsole.send('video:setTransports', { mqtt: false })).toMatchObject({
        ok: true,
        data: { mqtt: { available: false, reason: 'the ground station switched MQTT video off', switchedOff: true } },
      });
      await playingOver(page, 'webrtc');
      expect(await notice()).toBe('The ground station switched MQTT video off; showing WebRTC');
      await expect(page.getByTestId('transport-mqtt').isDisabled()).resolves.toBe(true);

      // Nobody may watch, so nobody does: the ground agent hears zero and pauses its MQTT frames.
      await expect.poll(() => mqttVideoDemand(stack, viewerToken, 'drone1'), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => logCount(/the console switched MQTT video off: MQTT frames paused/), { timeout: 10_000 }).toBe(1);
      await expect(tool.subscribeAsync(video)).rejects.toThrow(/Subscribe error/);
      const counted = { ...received };
      await new Promise((r) => setTimeout(r, 1500));
      // Telemetry still flows to the same client; video does not.
      expect(received.video).toBe(counted.video);
      expect(received.telemetry).toBeGreaterThan(counted.telemetry);
      expect(tool.connected).toBe(true);

      expect(await groundConsole.send('video:setTransports', { mqtt: true })).toMatchObject({ ok: true, data: { mqtt: { available: true } } });
      await expect.poll(() => page.getByTestId('transport-mqtt').isEnabled(), { timeout: 10_000 }).toBe(true);
      expect((await tool.subscribeAsync(video)).map((granted) => granted.qos)).toEqual([0]);
      await expect.poll(() => received.video, { timeout: 10_000 }).toBeGreaterThan(counted.video + 3);
      expect((await pageStats(page)).transport).toBe('webrtc');
    } finally {
      await tool.endAsync();
    }
  }, 120_000);
});
