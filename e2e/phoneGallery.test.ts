import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { launchChromium } from './support/browser.ts';

let stack: LoopbackStack;
let browser: Browser;
let pilot: Page;
let viewer: Page;
/** Status codes of the pilot page's responses for gallery files, by item id. */
const fileResponses = new Map<string, number[]>();

async function phonePage(url: string): Promise<Page> {
  const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(url);
  await page.getByTestId('role').waitFor({ timeout: 30_000 });
  return page;
}

const tiles = (page: Page, kind: 'photo' | 'video'): Locator => page.locator(`[data-testid="gallery-item"][data-kind="${kind}"]`);
const tile = (page: Page, id: string): Locator => page.locator(`[data-testid="gallery-item"][data-id="${id}"]`);

/** The REC time a page shows, in seconds. */
async function recSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('rec-time').textContent()) ?? '';
  const [minutes, seconds] = text.split(':').map(Number);
  return (minutes ?? 0) * 60 + (seconds ?? 0);
}

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:640x480@15' });
  browser = await launchChromium();
  pilot = await phonePage(stack.pilotUrl);
  viewer = await phonePage(stack.viewerUrl);
  pilot.on('response', (response) => {
    const id = /\/gallery\/([0-9a-z]+)\/file/.exec(response.url())?.[1];
    if (id) fileResponses.set(id, [...(fileResponses.get(id) ?? []), response.status()]);
  });
  for (const page of [pilot, viewer]) {
    await page.getByTestId('gallery-toggle').tap();
    await page.getByTestId('gallery-empty').waitFor({ timeout: 20_000 });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('photos, recordings and the gallery on the phone page', () => {
  let photoId: string;
  let videoId: string;

  it('the pilot takes a photo: it appears in both galleries and opens full-size, with a download link', async () => {
    await pilot.getByTestId('capture-photo').tap();
    await expect(pilot.getByTestId('capture-photo-feedback').textContent({ timeout: 20_000 })).resolves.toMatch(/Photo saved \(640×480\)/);
    await tiles(pilot, 'photo').first().waitFor({ timeout: 10_000 });
    photoId = (await tiles(pilot, 'photo').first().getAttribute('data-id')) ?? '';
    await tile(viewer, photoId).waitFor({ timeout: 10_000 });

    await tile(pilot, photoId).tap();
    const image = pilot.getByTestId('gallery-photo');
    await pilot.waitForFunction(() => (document.querySelector('[data-testid="gallery-photo"]') as HTMLImageElement | null)?.complete, undefined, {
      timeout: 15_000,
    });
    await expect(image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).resolves.toEqual([640, 480]);

    const href = (await pilot.getByTestId('gallery-download').getAttribute('href')) ?? '';
    expect(href).toContain(`/gallery/${photoId}/file?download=1&token=`);
    const download = await pilot.request.get(href);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="dronecast-.*\.jpg"$/);
    await pilot.getByTestId('gallery-close').tap();
    await pilot.getByTestId('gallery-photo').waitFor({ state: 'detached' });
  }, 45_000);

  it('a recording shows REC to a viewer with its time running; stopped, the video plays and seeks', async () => {
    await pilot.getByTestId('capture-record').tap();
    await viewer.getByTestId('rec-indicator').waitFor({ timeout: 20_000 });
    await expect(pilot.getByTestId('capture-record').textContent()).resolves.toMatch(/Stop/);
    const first = await recSeconds(viewer);
    await expect.poll(() => recSeconds(viewer), { timeout: 10_000, interval: 200 }).toBeGreaterThanOrEqual(Math.max(first + 1, 3));

    await pilot.getByTestId('capture-record').tap();
    await expect(pilot.getByTestId('capture-record-feedback').textContent({ timeout: 60_000 })).resolves.toMatch(/Recording saved \(0:\d\d\)/);
    await viewer.getByTestId('rec-indicator').waitFor({ state: 'detached', timeout: 10_000 });
    await tiles(pilot, 'video').first().waitFor({ timeout: 10_000 });
    videoId = (await tiles(pilot, 'video').first().getAttribute('data-id')) ?? '';
    await tile(viewer, videoId).waitFor({ timeout: 10_000 });

    await tile(pilot, videoId).tap();
    const played = await pilot.getByTestId('gallery-video').evaluate(async (video: HTMLVideoElement) => {
      const event = (name: string) => new Promise<void>((resolve, reject) => {
        video.addEventListener(name, () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code}: ${video.error?.message}`)), { once: true });
      });
      if (video.readyState < 1) await event('loadedmetadata');
      const duration = video.duration;
      const seeked = event('seeked');
      video.currentTime = duration / 2;
      await seeked;
      if (video.readyState < 2) await event('loadeddata');
      return { duration, currentTime: video.currentTime, readyState: video.readyState };
    });
    expect(played.duration).toBeGreaterThan(2.5);
    expect(played.currentTime).toBeCloseTo(played.duration / 2, 0);
    expect(played.readyState).toBeGreaterThanOrEqual(2);
    // The player fetched pieces of the file (HTTP Range), which is what lets it seek.
    expect(fileResponses.get(videoId)).toContain(206);
    await expect(pilot.getByTestId('gallery-download').getAttribute('href')).resolves.toContain('?download=1');
    await pilot.getByTestId('gallery-close').tap();
  }, 90_000);

  it('a viewer can look and download but has no Photo, Record or Delete buttons', async () => {
    await expect(viewer.getByTestId('capture-photo').count()).resolves.toBe(0);
    await expect(viewer.getByTestId('capture-record').count()).resolves.toBe(0);
    await tile(viewer, photoId).tap();
    await viewer.getByTestId('gallery-photo').waitFor();
    await expect(viewer.getByTestId('gallery-download').isVisible()).resolves.toBe(true);
    await expect(viewer.getByTestId('gallery-delete').count()).resolves.toBe(0);
  }, 30_000);

  it('the pilot deletes after confirming: the item leaves both pages, and the viewer looking at it is told', async () => {
    await tile(pilot, photoId).tap();
    await pilot.getByTestId('gallery-delete').tap();
    await pilot.getByTestId('gallery-delete-cancel').tap();
    await expect(tile(pilot, photoId).count()).resolves.toBe(1);
    await pilot.getByTestId('gallery-delete').tap();
    await pilot.getByTestId('gallery-delete-confirm').tap();
    await pilot.getByTestId('gallery-photo').waitFor({ state: 'detached', timeout: 15_000 });
    await tile(pilot, photoId).waitFor({ state: 'detached' });
    await tile(viewer, photoId).waitFor({ state: 'detached', timeout: 10_000 });
    await expect(viewer.getByTestId('gallery-notice').textContent()).resolves.toBe('The photo you were viewing was deleted.');
    await expect(tile(pilot, videoId).count()).resolves.toBe(1);
  }, 30_000);
});
