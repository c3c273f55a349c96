import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import type { ProducerInfo } from '@dronecast/protocol';
import { launchChromium } from './support/browser.ts';
import { openPhonePage } from './support/phonePage.ts';
import { connectClient, type TestClient } from './support/signalingClient.ts';

let stack: LoopbackStack;
let browser: Browser;
let page: Page;
let groundConsole: TestClient;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium(); // its fake camera: a moving test pattern
  page = await openPhonePage(browser, stack.pilotUrl);
  groundConsole = await connectClient(stack.origin, stack.stack.ready.tokens.console, `${stack.dir}/certs`);
}, 120_000);

afterAll(async () => {
  groundConsole?.close();
  await browser?.close();
  await stack?.stop();
});

async function phoneCameraProducers(): Promise<ProducerInfo[]> {
  const reply = await groundConsole.send('media:listProducers', {});
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.data as { producers: ProducerInfo[] }).producers.filter((p) => p.source === 'phone-camera');
}

describe("the pilot's own camera, sent from the phone page", () => {
  it('sends the camera to the SFU when asked, and shows a local preview', async () => {
    expect(await phoneCameraProducers()).toHaveLength(0);
    await page.getByTestId('camera-start').tap();
    await page.waitForSelector('[data-testid="camera-state"][data-state="sending"]', { timeout: 20_000 });
    await expect.poll(async () => (await phoneCameraProducers()).length, { timeout: 10_000 }).toBe(1);
    await page.waitForFunction(() => (document.querySelector('[data-testid="camera-preview"]') as HTMLVideoElement | null)?.videoWidth, undefined, {
      timeout: 10_000,
    });
  }, 60_000);

  it('comes back through the pose worker: processed-camera reaches the ground agent and the phone', async () => {
    await expect.poll(async () => (await stack.logs()).match(/receiving processed-camera/g)?.length ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await stack.logs()).toMatch(/\[processing\/phone:[0-9a-f]{8}\] receiving phone-camera/);
    // The phone shows its own processed stream beside the preview.
    await page.waitForFunction(() => (document.querySelector('[data-testid="processed-video"]') as HTMLVideoElement | null)?.videoWidth, undefined, {
      timeout: 30_000,
    });
  }, 90_000);

  it('flips between front and back without leaving a second producer behind', async () => {
    await page.getByTestId('camera-flip').tap();
    await page.waitForSelector('[data-testid="camera-state"][data-state="sending"]', { timeout: 20_000 });
    await expect(page.getByTestId('camera-state').textContent()).resolves.toMatch(/back camera/);
    await expect.poll(async () => (await phoneCameraProducers()).length, { timeout: 10_000 }).toBe(1);
  }, 60_000);

  it('stops sending: the producer leaves the SFU', async () => {
    await page.getByTestId('camera-stop').tap();
    await page.waitForSelector('[data-testid="camera-state"][data-state="off"]', { state: 'attached', timeout: 10_000 });
    await expect.poll(async () => (await phoneCameraProducers()).length, { timeout: 10_000 }).toBe(0);
  }, 30_000);

  it('a viewer has no camera controls', async () => {
    const viewer = await browser.newPage({ ignoreHTTPSErrors: true });
    try {
      await viewer.goto(stack.viewerUrl);
      await viewer.getByTestId('role').waitFor({ timeout: 20_000 });
      await expect(viewer.getByTestId('camera-start').count()).resolves.toBe(0);
    } finally {
      await viewer.close();
    }
  }, 30_000);
});
