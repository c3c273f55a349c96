import type { Page } from 'playwright-core';

/**
 * The phone's screen goes off for `ms`, then on again: the page is told it is hidden, its
 * JavaScript stops (no timers, no events, no answers to the server's pings) and the network goes
 * away; then the network returns, the JavaScript runs again and the page is told it is visible.
 *
 * CDP's Page.setWebLifecycleState {state: 'frozen'} would be the literal freeze, but Debian's
 * headless chromium (156) accepts it and changes nothing (timers keep running, no freeze or
 * resume events), so the JavaScript is stopped with the debugger instead: the same thing as far
 * as the server and the page can tell. The page is the same document throughout.
 */
export async function sleepPhone(page: Page, ms: number): Promise<void> {
  await setVisibility(page, 'hidden');
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Debugger.enable');
    const paused = new Promise<void>((resolve) => cdp.once('Debugger.paused', () => resolve()));
    await cdp.send('Debugger.pause');
    // The page's own timers run JavaScript within a second; the pause lands on the first statement.
    await paused;
    await page.context().setOffline(true);
    await new Promise((resolve) => setTimeout(resolve, ms));
    await page.context().setOffline(false);
    await cdp.send('Debugger.resume');
    await cdp.send('Debugger.disable');
  } finally {
    await cdp.detach();
  }
  await setVisibility(page, 'visible');
}

/** What document.visibilityState says, and the visibilitychange event a real screen-off/on sends. */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => ${JSON.stringify(state)} });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${state === 'hidden'} });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);
}
