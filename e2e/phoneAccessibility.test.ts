import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { checkAccessibility, describeOffenders } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, waitForMoreFrames } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';

let stack: LoopbackStack;
let browser: Browser;
let pilot: Page;
let viewer: Page;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium();
  pilot = await openPhonePage(browser, stack.pilotUrl);
  viewer = await openPhonePage(browser, stack.viewerUrl);
  for (const page of [pilot, viewer]) await waitForMoreFrames(page, 15, 60_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Audits the page as it is now, saving a picture of it; the failure message lists what to fix. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `accessibility-${name}`);
  const offenders = await checkAccessibility(page);
  expect(offenders, describeOffenders(offenders)).toEqual([]);
}

describe('the check itself', () => {
  it('finds unnamed controls and unreadable text, and passes what is fine', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(`<body style="margin:0;background:#0b0f14;color:#e6edf3">
        <button data-testid="icon-only"><svg width="10" height="10"></svg></button>
        <button data-testid="named-by-aria" aria-label="Close"><span aria-hidden="true">x</span></button>
        <label>Altitude <input data-testid="labelled" type="number"></label>
        <select data-testid="unlabelled"><option>a</option></select>
        <a href="#" data-testid="empty-link" style="display:inline-block;width:48px;height:48px;background:#333"></a>
        <p data-testid="grey-on-grey" style="background:#555;color:#777">grey on grey</p>
        <p data-testid="faded" style="opacity:0.4">faded text</p>
        <p data-testid="fine">plain text</p>
        <div style="position:relative;width:200px;height:100px">
          <canvas width="200" height="100" style="display:block"></canvas>
          <span data-testid="bare-on-video" style="position:absolute;top:0;left:0;color:#fff">no backing</span>
          <span data-testid="backed-on-video" style="position:absolute;bottom:0;right:0;color:#fff;background:rgb(0 0 0 / 0.7)">backed</span>
        </div>
      </body>`);
      const found = (await checkAccessibility(page)).map((o) => `${o.rule} ${o.selector}`);
      expect(found.sort()).toEqual(
        [
          'name [data-testid="icon-only"]',
          'name [data-testid="unlabelled"]',
          'name [data-testid="empty-link"]',
          'contrast [data-testid="grey-on-grey"]',
          'contrast [data-testid="faded"]',
          'contrast [data-testid="bare-on-video"]',
        ].sort(),
      );
    } finally {
      await page.close();
    }
  });
});

describe('the phone page is usable with a screen reader and readable in sunlight', () => {
  it('the screen for an expired link', async () => {
    // First, while the stack is quiet: the pose worker busy with a camera slows every page load.
    const page = await openPhonePage(browser, `${stack.origin}/?token=forged.AAAA`);
    try {
      await page.getByTestId('access-problem').waitFor({ timeout: 20_000 });
      await expectAccessible(page, 'access-problem');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('pilot and viewer: video, telemetry, flight pad, capture bar with a recording running, gallery open', async () => {
    await pilot.getByTestId('telemetry').waitFor({ timeout: 20_000 });
    await pilot.getByTestId('capture-photo').tap();
    await pilot.getByTestId('capture-photo-feedback').waitFor({ timeout: 20_000 });
    for (const page of [pilot, viewer]) {
      await page.getByTestId('gallery-toggle').tap();
      await page.locator('[data-testid="gallery-item"]').first().waitFor({ timeout: 20_000 });
    }
    await pilot.getByTestId('capture-record').tap();
    await viewer.getByTestId('rec-indicator').waitFor({ timeout: 20_000 });
    await pilot.getByTestId('rec-indicator').waitFor({ timeout: 20_000 });
    await expectAccessible(pilot, 'pilot');
    await expectAccessible(viewer, 'viewer');
    await pilot.getByTestId('capture-record').tap();
    await pilot.getByTestId('capture-record-feedback').waitFor({ timeout: 60_000 });
  }, 120_000);

  it('pilot: the own camera sending, with its pose view and pose control', async () => {
    await pilot.getByTestId('camera-start').tap();
    await pilot.waitForSelector('[data-testid="camera-state"][data-state="sending"]', { timeout: 20_000 });
    await pilot.getByTestId('camera-preview').scrollIntoViewIfNeeded();
    await expectAccessible(pilot, 'pilot-camera');
    await pilot.getByTestId('camera-stop').tap();
  }, 60_000);

  it('a photo open full-screen, for the pilot (with Delete) and the viewer', async () => {
    for (const [page, name] of [[pilot, 'pilot-photo'], [viewer, 'viewer-photo']] as const) {
      await page.locator('[data-testid="gallery-item"][data-kind="photo"]').first().tap();
      await page.getByTestId('gallery-photo').waitFor({ timeout: 15_000 });
      await expectAccessible(page, name);
      await page.getByTestId('gallery-close').tap();
    }
  }, 60_000);

});
