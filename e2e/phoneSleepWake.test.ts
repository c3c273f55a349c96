import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { launchChromium } from './support/browser.ts';
import { droneState, fly } from './support/flightButtons.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { sleepPhone } from './support/phoneSleep.ts';
import { saveScreenshot } from './support/screenshots.ts';

let stack: LoopbackStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium();
  page = await openPhonePage(browser, stack.pilotUrl);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** How many times the SFU has dropped a pilot for not answering its pings. */
async function pilotPingTimeouts(): Promise<number> {
  return (await stack.logs()).split('\n').filter((line) => /signaling\/pilot:.*disconnected.*ping timeout/.test(line)).length;
}

describe("the phone page after the phone's screen sleeps and wakes", () => {
  it('flies before it sleeps', async () => {
    await waitForMoreFrames(page, 30, 60_000);
    // The simulator refuses to arm before its GPS fix, with the reason: try until it accepts.
    await expect.poll(() => fly(page, 'arm'), { timeout: 30_000, interval: 1000 }).toMatch(/Arm: done/);
  }, 90_000);

  it('asleep longer than the ping timeout, it wakes in the same document, plays and flies again', async () => {
    // Survives only as long as the document (a reload would lose it); the ticks show the JavaScript stopped.
    await page.evaluate(`(() => {
      window.__sameDocument = 'before sleep';
      window.__states = [];
      let last = performance.now();
      window.__longestTickGapMs = 0;
      setInterval(() => {
        const now = performance.now();
        if (now - last > window.__longestTickGapMs) {
          window.__longestTickGapMs = now - last;
          window.__resumedAt = now; // the first tick after the longest pause: when the JavaScript ran again
        }
        last = now;
        const state = window.__dronecast.stats().connection;
        if (window.__states.at(-1)?.state !== state) window.__states.push({ state, at: Math.round(now) });
      }, 20);
    })()`);
    await saveScreenshot(page, 'wake-before-sleep');
    const dropsBefore = await pilotPingTimeouts();

    // The SFU pings every 5 s and gives up 5 s later: 13 s asleep is past it.
    await sleepPhone(page, 13_000);
    expect(await pilotPingTimeouts()).toBe(dropsBefore + 1);

    await page.waitForFunction(() => window.__dronecast?.stats().connection === 'connected', undefined, { timeout: 20_000, polling: 20 });
    const stats = await waitForMoreFrames(page, 30, 30_000);
    const sleep = (await page.evaluate(`({
      sameDocument: window.__sameDocument,
      longestTickGapMs: Math.round(window.__longestTickGapMs),
      resumedAt: Math.round(window.__resumedAt),
      states: window.__states,
    })`)) as { sameDocument: string; longestTickGapMs: number; resumedAt: number; states: { state: string; at: number }[] };
    const woke = sleep.resumedAt;
    const reconnected = sleep.states.find((s) => s.state === 'connected' && s.at > woke);
    console.log(
      `asleep ${sleep.longestTickGapMs} ms; connection ${sleep.states.map((s) => `${s.state}@${s.at}`).join(' → ')}; woke at ${woke}, ` +
        `connected again after ${reconnected ? reconnected.at - woke : '?'} ms; ${stats.framesPresented} frames presented, ${stats.fps} fps`,
    );
    expect(sleep.sameDocument).toBe('before sleep');
    expect(sleep.longestTickGapMs).toBeGreaterThan(12_000);
    expect(sleep.states.map((s) => s.state)).toContain('reconnecting');
    expect(stats.video).toBe('playing');
    await saveScreenshot(page, 'wake-after');

    // A new connection: the lease went with the old one, so the first command takes it again.
    await expect.poll(() => fly(page, 'arm'), { timeout: 30_000, interval: 1000 }).toMatch(/Arm: done/);
    await page.getByTestId('takeoff-altitude').fill('3');
    expect(await fly(page, 'takeoff')).toMatch(/Take off to 3 m: done/);
    await expect.poll(() => droneState(page), { timeout: 20_000 }).toMatch(/flying/);
    expect(await fly(page, 'land')).toMatch(/Land: done/);
    expect((await pageStats(page)).connection).toBe('connected');
  }, 120_000);
});
