import type { Browser, Page } from 'playwright-core';

/** The benchmark page's address for a pilot or viewer link (same token, path /bench). */
export function benchUrl(pageUrl: string): string {
  const url = new URL(pageUrl);
  url.pathname = '/bench';
  return url.toString();
}

/**
 * Opens /bench for that link in a desktop-sized window (the three panels side by side, all on
 * screen: an off-screen video is not painted, so it would not be measured) and waits until it
 * can run.
 */
export async function openBenchPage(browser: Browser, pageUrl: string): Promise<Page> {
  const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  await page.goto(benchUrl(pageUrl));
  await page.waitForFunction(() => window.__dronecastBench?.state().phase === 'idle', undefined, { timeout: 30_000, polling: 100 });
  return page;
}
