import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { TokenIssuer } from '@dronecast/sfu/testing';
import { launchChromium } from './support/browser.ts';
import { openPhonePage } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { tokenOf } from './support/signalingClient.ts';

let stack: LoopbackStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The full-screen access problem the page shows, once it shows one. */
async function accessScreen(): Promise<{ kind: string | null; text: string }> {
  const screen = page.getByTestId('access-problem');
  await screen.waitFor({ timeout: 20_000 });
  return { kind: await screen.getAttribute('data-kind'), text: (await screen.innerText()).replace(/\s+/g, ' ') };
}

describe('the phone page with a bad, expired or missing link', () => {
  it('a forged token gets the full "expired" screen, saying to scan the QR code again', async () => {
    // The pilot's real claims with a made-up signature: what someone editing a link would send.
    const [claims] = tokenOf(stack.pilotUrl).split('.');
    page = await openPhonePage(browser, `${stack.origin}/?token=${claims}.${randomBytes(32).toString('base64url')}`);
    const screen = await accessScreen();
    expect(screen.kind).toBe('expired');
    expect(screen.text).toMatch(/This link has expired/);
    expect(screen.text).toMatch(/Scan the QR code printed by the ground station again, or ask the pilot for a new link/);
    await expect(page.getByRole('button', { name: 'Forget this link' }).isVisible()).resolves.toBe(true);
    // Nothing else of the page: no video, no flying buttons behind it.
    await expect(page.getByTestId('fly-arm').count()).resolves.toBe(0);
    await saveScreenshot(page, 'access-forged-token');
  }, 60_000);

  it("a token signed with another stack's secret (a server whose secret changed) gets the same screen", async () => {
    const otherServers = new TokenIssuer(randomBytes(32)).issue('pilot', 'drone1');
    await page.goto(`${stack.origin}/?token=${otherServers}`);
    const screen = await accessScreen();
    expect(screen.kind).toBe('expired');
    expect(screen.text).toMatch(/another ground station|new key/);
    await saveScreenshot(page, 'access-other-secret');
  }, 60_000);

  it('a cut-off link is called damaged', async () => {
    await page.goto(`${stack.origin}/?token=${tokenOf(stack.pilotUrl).slice(0, 20)}`);
    expect((await accessScreen()).kind).toBe('damaged');
    await saveScreenshot(page, 'access-damaged-token');
  }, 60_000);

  it('"Forget this link" forgets it: the bare address then shows the no-token screen', async () => {
    // The bare address still opens with the remembered (bad) token until it is forgotten.
    await page.goto(`${stack.origin}/`);
    expect((await accessScreen()).kind).toBe('damaged');
    await page.getByRole('button', { name: 'Forget this link' }).tap();
    await page.waitForURL(`${stack.origin}/`);
    const screen = await accessScreen();
    expect(screen.kind).toBe('no-token');
    expect(screen.text).toMatch(/Scan the QR code printed by the ground station, or ask the pilot for a link/);
    await expect(page.getByRole('button', { name: 'Forget this link' }).count()).resolves.toBe(0);
    await saveScreenshot(page, 'access-no-token');
    await page.reload();
    expect((await accessScreen()).kind).toBe('no-token');
  }, 60_000);

  it('the right link opens the page again', async () => {
    await page.goto(stack.pilotUrl);
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    await expect(page.getByTestId('access-problem').count()).resolves.toBe(0);
  }, 60_000);
});
