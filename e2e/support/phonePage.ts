import type { Browser, Page } from 'playwright-core';
import type { DronecastStats } from '@dronecast/protocol';

export function pageStats(page: Page): Promise<DronecastStats> {
  return page.evaluate(() => {
    if (!window.__dronecast) throw new Error('the page has not published window.__dronecast');
    return window.__dronecast.stats();
  });
}

/** Waits until the page has presented `count` more frames than it had when called. */
export async function waitForMoreFrames(page: Page, count: number, timeoutMs = 30_000): Promise<DronecastStats> {
  const start = (await pageStats(page)).framesPresented;
  await page.waitForFunction((target) => (window.__dronecast?.stats().framesPresented ?? 0) >= target, start + count, {
    timeout: timeoutMs,
    polling: 250,
  });
  return pageStats(page);
}

/** A page as a phone opens it: 390x844, touch, the test stack's own CA not installed. */
export async function openPhonePage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(url);
  return page;
}
