import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { checkAccessibility, describeOffenders } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { openPhonePage } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { connectClient, tokenOf } from './support/signalingClient.ts';
import { waitForConsoleServer } from './support/consoleServer.ts';

// A ground station without ffmpeg (here: the agent's --ffmpeg, from the configuration file, names a
// program that does not exist). Recording is shown as unavailable, with why and how to fix it, on
// the phone's and the console's Record buttons before anyone taps; photos go on working.
const reason = 'the ground station has no ffmpeg (the H.264 encoder) at /nonexistent/ffmpeg — install ffmpeg (sudo apt-get install ffmpeg)';
const shown = `Recording unavailable: ${reason}`;

let dir: string;
let stack: LoopbackStack;
let browser: Browser;

/** The text a control's aria-describedby points at: what a screen reader reads after its name. */
function description(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ')
      .trim(),
  );
}

async function expectUnavailableRecordButton(bar: Locator): Promise<void> {
  await expect.poll(() => bar.getByTestId('capture-record-unavailable').textContent(), { timeout: 30_000 }).toBe(shown);
  await expect(bar.getByTestId('capture-record-unavailable').isVisible()).resolves.toBe(true);
  const record = bar.getByTestId('capture-record');
  await expect(record.isDisabled()).resolves.toBe(true);
  await expect(description(record)).resolves.toBe(shown);
  await expect(bar.getByTestId('capture-photo').isEnabled()).resolves.toBe(true);
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  const offenders = await checkAccessibility(page);
  expect(offenders, describeOffenders(offenders)).toEqual([]);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-no-ffmpeg-'));
  const configFile = path.join(dir, 'dronecast.json');
  fs.writeFileSync(configFile, JSON.stringify({ ground: { ffmpeg: '/nonexistent/ffmpeg' } }));
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', configFile });
  await waitForConsoleServer(stack);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('recording on a ground station without ffmpeg', () => {
  it('the ground agent says so once, at start, and refuses a start at once without writing anything', async () => {
    await expect.poll(async () => (await stack.logs()).split(`recording unavailable: ${reason}`).length - 1, { timeout: 30_000 }).toBe(1);
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
    try {
      const asked = Date.now();
      const answer = await pilot.send('capture:startRecording', {});
      expect(answer).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: reason } });
      // Refused at once: no encoder was tried, nothing waited for a frame.
      expect(Date.now() - asked).toBeLessThan(2000);
      expect(fs.readdirSync(path.join(stack.mediaDir, 'recording'))).toEqual([]);
    } finally {
      pilot.close();
    }
  }, 60_000);

  it("the phone page shows Record off with the reason before any tap, and a photo still lands in the gallery", async () => {
    const page = await openPhonePage(browser, stack.pilotUrl);
    try {
      await page.getByTestId('role').waitFor({ timeout: 30_000 });
      const bar = page.getByTestId('capture-bar');
      await expectUnavailableRecordButton(bar);
      await bar.scrollIntoViewIfNeeded();
      await expectAccessible(page, 'recording-unavailable-phone');

      await page.getByTestId('gallery-toggle').tap();
      await page.getByTestId('gallery-empty').waitFor({ timeout: 20_000 });
      await bar.getByTestId('capture-photo').tap();
      await expect(bar.getByTestId('capture-photo-feedback').textContent({ timeout: 20_000 })).resolves.toMatch(/Photo saved \(320×240\)/);
      await page.locator('[data-testid="gallery-item"][data-kind="photo"]').first().waitFor({ timeout: 10_000 });
      // Still off, still saying why: a photo changes nothing about recording.
      await expectUnavailableRecordButton(bar);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('the ground console shows both Record buttons off with the reason, and takes photos', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(stack.consoleUrl);
      const bar = page.getByTestId('console-capture');
      await expectUnavailableRecordButton(bar);
      const processed = page.getByTestId('console-record-processed');
      await expect(processed.isDisabled()).resolves.toBe(true);
      await expect(description(processed)).resolves.toBe(shown);
      await bar.scrollIntoViewIfNeeded();
      await expectAccessible(page, 'recording-unavailable-console');

      const gallery = page.getByTestId('console-gallery');
      await gallery.getByTestId('gallery-toggle').click();
      const photos = gallery.locator('[data-testid="gallery-item"][data-kind="photo"]');
      // The phone's photo from the test before, then the console's own.
      await expect.poll(() => photos.count(), { timeout: 20_000 }).toBe(1);
      await bar.getByTestId('capture-photo').click();
      await expect.poll(() => bar.getByTestId('capture-photo-feedback').textContent(), { timeout: 20_000 }).toMatch(/Photo saved \(320×240\)/);
      await expect.poll(() => photos.count(), { timeout: 10_000 }).toBe(2);
      await expectUnavailableRecordButton(bar);
    } finally {
      await page.close();
    }
  }, 90_000);
});
