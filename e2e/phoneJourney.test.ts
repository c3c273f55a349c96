import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import type { DronecastStats } from '@dronecast/protocol';
import { launchChromium } from './support/browser.ts';
import { droneState, fly } from './support/flightButtons.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';

let stack: LoopbackStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium(); // its fake camera: chromium's moving test pattern
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The REC time the capture bar shows, in seconds. */
async function recSeconds(): Promise<number> {
  const [minutes, seconds] = ((await page.getByTestId('rec-time').textContent()) ?? '').split(':').map(Number);
  return (minutes ?? 0) * 60 + (seconds ?? 0);
}

/** Taps a transport button and waits for frames over it. */
async function watchOver(name: 'WebRTC' | 'Websocket' | 'MQTT'): Promise<DronecastStats> {
  const transport = name.toLowerCase();
  await page.getByRole('button', { name, exact: true }).tap();
  await page
    .waitForFunction((t) => window.__dronecast?.stats().transport === t && window.__dronecast?.stats().video === 'playing', transport, { timeout: 30_000 })
    .catch(async (error: Error) => {
      const shown = await page.getByTestId('status-message').allTextContents();
      throw new Error(`${error.message}\n${JSON.stringify(await pageStats(page))}\nthe page says: ${shown.join(' | ')}`);
    });
  return waitForMoreFrames(page, 20, 20_000);
}

describe("a pilot's whole session on the phone", () => {
  it('logs in, watches, flies, photographs, records, browses the gallery, switches transport and sends its camera', async () => {
    const started = Date.now();
    const log = (step: string): void => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${step}`);

    // Log in: the pilot link (its token) opens the page; the video plays.
    page = await openPhonePage(browser, stack.pilotUrl);
    await expect.poll(() => page.getByTestId('role').textContent(), { timeout: 20_000 }).toBe('pilot');
    const watching = await waitForMoreFrames(page, 30, 60_000);
    expect(watching.video).toBe('playing');
    log(`video: ${watching.framesPresented} frames presented, ${watching.width}x${watching.height}`);
    await saveScreenshot(page, 'journey-01-video');

    // Fly: arm once the simulator has its GPS fix, take off, north, stop, land; each answered on the page.
    await expect.poll(() => fly(page, 'arm'), { timeout: 30_000, interval: 1000 }).toMatch(/Arm: done/);
    await saveScreenshot(page, 'journey-02-armed');
    await page.getByLabel('Take-off altitude (m)').fill('3');
    expect(await fly(page, 'takeoff')).toMatch(/Take off to 3 m: done/);
    await expect.poll(() => droneState(page), { timeout: 20_000 }).toMatch(/flying/);
    expect(await fly(page, 'North')).toMatch(/North: done/);
    await saveScreenshot(page, 'journey-03-flying-north');
    expect(await fly(page, 'Stop')).toMatch(/Stop: done/);
    expect(await fly(page, 'land')).toMatch(/Land: done/);
    await saveScreenshot(page, 'journey-04-landing');
    log('flown: arm, take off, north, stop, land');

    // A photo, then a 3 s recording.
    await page.getByRole('button', { name: 'Photo', exact: true }).tap();
    await expect(page.getByTestId('capture-photo-feedback').textContent({ timeout: 20_000 })).resolves.toMatch(/Photo saved/);
    await saveScreenshot(page, 'journey-05-photo');
    await page.getByRole('button', { name: 'Record', exact: true }).tap();
    await page.getByTestId('rec-indicator').waitFor({ timeout: 20_000 });
    await expect.poll(recSeconds, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    await saveScreenshot(page, 'journey-06-recording');
    await page.getByRole('button', { name: 'Stop recording' }).tap();
    await expect(page.getByTestId('capture-record-feedback').textContent({ timeout: 60_000 })).resolves.toMatch(/Recording saved \(0:0\d\)/);
    // The length the page reported (the stop lands a moment after the tap, later on a busy machine).
    const saidSeconds = Number(/\(0:(\d\d)\)/.exec((await page.getByTestId('capture-record-feedback').textContent()) ?? '')?.[1]);
    expect(saidSeconds).toBeGreaterThanOrEqual(3);
    log('photo and a 3 s recording saved');

    // Both in the gallery; the recording opens and plays, about 3 s long.
    await page.getByRole('button', { name: /^Gallery/ }).tap();
    const photoTile = page.locator('[data-testid="gallery-item"][data-kind="photo"]');
    const videoTile = page.locator('[data-testid="gallery-item"][data-kind="video"]');
    await photoTile.first().waitFor({ timeout: 20_000 });
    await videoTile.first().waitFor({ timeout: 20_000 });
    await videoTile.first().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'journey-07-gallery');
    await videoTile.first().tap();
    const played = await page.getByTestId('gallery-video').evaluate(async (video: HTMLVideoElement) => {
      if (video.readyState < 1) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
      await video.play();
      await new Promise<void>((resolve) => {
        const check = (): void => void (video.currentTime > 0.5 ? resolve() : setTimeout(check, 50));
        check();
      });
      return { duration: video.duration, currentTime: video.currentTime, width: video.videoWidth };
    });
    log(`recording plays: ${played.duration.toFixed(2)} s long, ${played.width} px wide`);
    expect(played.duration).toBeGreaterThan(2.5);
    // The page shows whole seconds, rounded down: the file is that long plus under a second.
    expect(played.duration).toBeGreaterThan(saidSeconds - 0.5);
    expect(played.duration).toBeLessThan(saidSeconds + 1.5);
    expect(played.currentTime).toBeGreaterThan(0.5);
    await saveScreenshot(page, 'journey-08-recording-playing');
    await page.getByRole('button', { name: 'Close' }).tap();
    await photoTile.first().tap();
    await page.waitForFunction(() => (document.querySelector('[data-testid="gallery-photo"]') as HTMLImageElement | null)?.naturalWidth, undefined, {
      timeout: 15_000,
    });
    await saveScreenshot(page, 'journey-09-photo-open');
    await page.getByRole('button', { name: 'Close' }).tap();

    // Switch transport: websocket, MQTT (frames on each), back to WebRTC.
    for (const name of ['Websocket', 'MQTT', 'WebRTC'] as const) {
      const stats = await watchOver(name);
      expect(stats.transport).toBe(name.toLowerCase());
      log(`${name}: ${stats.framesPresented} frames presented, ${stats.fps} fps`);
      await page.getByTestId('drone-video').scrollIntoViewIfNeeded();
      await saveScreenshot(page, `journey-10-${name.toLowerCase()}`);
    }

    // Send the phone's camera (chromium's fake one): it is sent, and its processed (pose) view comes back.
    await page.getByRole('button', { name: 'Send my camera' }).tap();
    await page.waitForSelector('[data-testid="camera-state"][data-state="sending"]', { timeout: 20_000 });
    await expect(page.getByTestId('camera-state').textContent()).resolves.toMatch(/Sending your front camera/);
    await page.waitForFunction(() => (document.querySelector('[data-testid="processed-video"]') as HTMLVideoElement | null)?.videoWidth, undefined, {
      timeout: 60_000,
    });
    await page.getByTestId('processed-video').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'journey-11-camera-sending');
    log('camera sent, processed view shown');
    await page.getByRole('button', { name: 'Stop my camera' }).tap();
  }, 180_000);
});
