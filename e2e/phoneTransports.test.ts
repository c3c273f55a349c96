import fs from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { mqttTopics, type DronecastStats, type VideoTransport } from '@dronecast/protocol';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { connectClient, tokenOf } from './support/signalingClient.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The embedded broker's retained count of MQTT video subscribers for drone1. */
async function mqttVideoViewers(stack: LoopbackStack): Promise<number | undefined> {
  const client = await mqtt.connectAsync(`wss://127.0.0.1:${stack.port}/mqtt`, {
    username: 'test',
    password: tokenOf(stack.viewerUrl),
    ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
    reconnectPeriod: 0,
  });
  try {
    const retained = new Promise<number | undefined>((resolve) => {
      client.once('message', (_topic, payload) => resolve((JSON.parse(payload.toString('utf8')) as { subscribers?: number }).subscribers));
      setTimeout(() => resolve(undefined), 3000);
    });
    await client.subscribeAsync(mqttTopics.videoDemand('drone1'));
    return await retained;
  } finally {
    await client.endAsync();
  }
}

function phonePage(url: string): Promise<Page> {
  return openPhonePage(browser, url);
}

/** Taps a transport button and waits until the page shows frames over it. */
async function switchTo(page: Page, transport: VideoTransport): Promise<DronecastStats> {
  await page.getByTestId(`transport-${transport}`).tap();
  await page.waitForFunction((t) => window.__dronecast?.stats().transport === t && window.__dronecast?.stats().video === 'playing', transport, {
    timeout: 20_000,
    polling: 100,
  });
  const stats = await waitForMoreFrames(page, 30, 20_000);
  console.log(`${transport}: ${stats.width}x${stats.height} ${stats.fps} fps, latency p50 ${Math.round(stats.latencyMs.p50 ?? -1)} ms`);
  return stats;
}

/** Waits for the page to show `width`x`height`, then measures its frame rate over 2.5 s. */
async function settledAt(page: Page, width: number, height: number): Promise<DronecastStats> {
  await page.waitForFunction(
    ([w, h]) => window.__dronecast?.stats().width === w && window.__dronecast?.stats().height === h,
    [width, height],
    { timeout: 10_000, polling: 50 },
  );
  await page.waitForTimeout(2500);
  return pageStats(page);
}

describe('the phone page over each transport, switched live', () => {
  let stack: LoopbackStack;
  let page: Page;

  beforeAll(async () => {
    stack = await startLoopbackStack({ camera: 'pattern:640x480@30' });
    page = await phonePage(stack.pilotUrl);
    // Survives only as long as the document: a reload would lose it.
    await page.evaluate('window.__sameDocument = true');
    await page.waitForFunction(() => window.__dronecast?.stats().video === 'playing', undefined, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    await stack?.stop();
  });

  it('starts on WebRTC and offers all three transports', async () => {
    const stats = await waitForMoreFrames(page, 30);
    expect(stats.transport).toBe('webrtc');
    for (const t of ['webrtc', 'websocket', 'mqtt']) await expect(page.getByTestId(`transport-${t}`).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('transport-webrtc').getAttribute('aria-pressed')).resolves.toBe('true');
  }, 60_000);

  it('websocket: JPEG frames on a canvas at the source size; the pilot changes resolution and fps from the page', async () => {
    const stats = await switchTo(page, 'websocket');
    expect([stats.width, stats.height]).toEqual([640, 480]);
    // The source's 30 fps, give or take what two busy cores drop (the JPEG path once ran at a fixed 15).
    expect(stats.fps).toBeGreaterThan(18);
    expect(stats.bytesReceived).toBeGreaterThan(0);
    expect(stats.latencyMs.p50).toBeGreaterThan(0);
    expect(stats.latencyMs.p50).toBeLessThan(2000);
    await expect(page.getByTestId('drone-video').evaluate((e) => e.tagName)).resolves.toBe('CANVAS');

    await page.getByTestId('quality-resolution').selectOption('320x240');
    await page.getByTestId('quality-fps').selectOption('10');
    const changed = await settledAt(page, 320, 240);
    expect(changed.fps).toBeGreaterThanOrEqual(7);
    expect(changed.fps).toBeLessThanOrEqual(12);
    await expect(page.getByTestId('quality-current').textContent()).resolves.toMatch(/320×240 · 10 fps/);
  }, 60_000);

  it('MQTT: frames through the embedded broker; a change from the ground console reaches the page', async () => {
    await switchTo(page, 'mqtt');
    const groundConsole = await connectClient(stack.origin, stack.stack.ready.tokens.console, `${stack.dir}/certs`);
    try {
      const applied = await groundConsole.send('video:setQuality', { resolution: '1280x720', fps: 15 });
      expect(applied).toMatchObject({ ok: true });
    } finally {
      groundConsole.close();
    }
    const changed = await settledAt(page, 1280, 720);
    expect(changed.transport).toBe('mqtt');
    expect(changed.fps).toBeGreaterThanOrEqual(11);
    expect(changed.fps).toBeLessThanOrEqual(17);
    await expect(page.getByTestId('quality-current').textContent()).resolves.toMatch(/1280×720 · 15 fps/);
  }, 60_000);

  it('back to WebRTC at the new quality, in the same document, the JPEG paths closed', async () => {
    await page.getByTestId('quality-resolution').selectOption('640x480');
    await page.getByTestId('quality-fps').selectOption('30');
    const stats = await switchTo(page, 'webrtc');
    expect(stats.transport).toBe('webrtc');
    const settled = await settledAt(page, 640, 480);
    expect(settled.fps).toBeGreaterThan(20);
    await expect(page.evaluate('window.__sameDocument')).resolves.toBe(true);
    await expect(page.getByTestId('drone-video').evaluate((e) => e.tagName)).resolves.toBe('VIDEO');
    // The JPEG paths were closed, not left running behind: the ground agent stopped sending
    // websocket frames (when the page left for MQTT), and the broker counts no MQTT viewer.
    expect(await stack.logs()).toMatch(/nobody watches: JPEG frames paused/);
    await expect.poll(() => mqttVideoViewers(stack), { timeout: 10_000 }).toBe(0);
  }, 60_000);

  it('a viewer sees the quality but cannot change it', async () => {
    const viewer = await phonePage(stack.viewerUrl);
    try {
      await expect(viewer.getByTestId('quality-current').textContent({ timeout: 20_000 })).resolves.toMatch(/640×480 · 30 fps/);
      await expect(viewer.getByTestId('quality-resolution').count()).resolves.toBe(0);
    } finally {
      await viewer.close();
    }
  }, 60_000);
});

describe('sockets-only mode in the page', () => {
  it('hides MQTT, and a link asking for MQTT plays over WebRTC instead', async () => {
    const stack = await startLoopbackStack({ camera: 'pattern:320x240@15', mqtt: { kind: 'none' } });
    try {
      const page = await phonePage(`${stack.pilotUrl}&transport=mqtt`);
      const stats = await waitForMoreFrames(page, 15, 60_000);
      expect(stats.transport).toBe('webrtc');
      await expect(page.getByTestId('transport-websocket').isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('transport-mqtt').count()).resolves.toBe(0);
      await page.close();
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
