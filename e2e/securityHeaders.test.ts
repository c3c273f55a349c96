import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { launchChromium } from './support/browser.ts';
import { pageStats, waitForMoreFrames } from './support/phonePage.ts';

/**
 * The SFU's pages carry helmet's headers, and the real pages still work under their
 * Content-Security-Policy on every transport (a violation would show as a broken feature).
 */
let stack: LoopbackStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Collects the page's CSP violations from the moment it loads. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

describe("the SFU's pages and their security headers", () => {
  it('answers with a CSP that forbids framing, no Referer and HSTS', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true });
    const response = await page.goto(`${stack.origin}/`);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    await page.close();
  });

  it('is not shown inside another site’s frame', async () => {
    const page = await browser.newPage({ ignoreHTTPSErrors: true });
    await page.goto(`${stack.origin}/healthz`);
    // A frame of the pilot page from any origin stays empty: frame-ancestors 'none'.
    const framed = await page.evaluate(async (url) => {
      const frame = document.createElement('iframe');
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      frame.src = url;
      document.body.append(frame);
      await loaded;
      // A refused frame holds the browser's error page, which this page cannot read.
      return Boolean(frame.contentDocument?.querySelector('#app'));
    }, stack.pilotUrl);
    expect(framed).toBe(false);
    await page.close();
  });

  for (const transport of ['webrtc', 'websocket', 'mqtt'] as const) {
    it(`plays the drone video over ${transport} with no CSP violation`, async () => {
      const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const violations = await watchViolations(page);
      await page.goto(transport === 'webrtc' ? stack.pilotUrl : `${stack.pilotUrl}&transport=${transport}`);
      await waitForMoreFrames(page, 20, 45_000).catch(async (error: Error) => {
        throw new Error(`${error.message}\n${JSON.stringify(await pageStats(page))}\nCSP: ${(await violations()).join('; ')}`);
      });
      expect(await violations()).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
