import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { launchChromium } from './support/browser.ts';
import { openPhonePage } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { fly as flyButton } from './support/flightButtons.ts';

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

const state = (): Promise<string | null> => page.getByTestId('telemetry-state').textContent();

const fly = (id: string): Promise<string> => flyButton(page, id);

describe('flying from the phone page', () => {
  it('shows telemetry, and only the buttons that make sense now', async () => {
    await expect.poll(state, { timeout: 30_000 }).toMatch(/connected/);
    // The original's compass pad, one tap away from the sticks.
    await page.getByTestId('fly-pad-toggle').tap();
    await expect(page.getByTestId('fly-arm').isEnabled()).resolves.toBe(true);
    // Take off works from any landed state: the ground agent sets GUIDED and arms as needed.
    await expect(page.getByTestId('fly-takeoff').isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('fly-take-over').count()).resolves.toBe(0);
    await expect(page.getByTestId('fly-North').isEnabled()).resolves.toBe(false);
    await expect(page.getByTestId('lease').textContent()).resolves.toMatch(/Nobody has control/);
  }, 60_000);

  it('arms (after the GPS fix), takes off, flies north, stops and lands, each answered', async () => {
    // The simulator refuses to arm before its GPS fix, with the reason: try until it accepts.
    await expect.poll(() => fly('arm'), { timeout: 30_000, interval: 1000 }).toMatch(/Arm: done/);
    await expect(page.getByTestId('lease').textContent()).resolves.toMatch(/You have control/);
    await page.getByTestId('takeoff-altitude').fill('3');
    expect(await fly('takeoff')).toMatch(/Take off to 3 m: done/);
    await expect.poll(state, { timeout: 20_000 }).toMatch(/flying/);
    expect(await fly('North')).toMatch(/North: done/);
    expect(await fly('Stop')).toMatch(/Stop: done/);
    expect(await fly('land')).toMatch(/Land: done/);
    await expect.poll(state, { timeout: 30_000 }).toMatch(/landing|armed|connected/);
  }, 120_000);

  it('flies a second time after the landing, with one Take off from LAND', async () => {
    // Landed and disarmed by the autopilot, left in LAND (where ArduCopter would refuse to arm).
    await expect.poll(state, { timeout: 60_000 }).toMatch(/^connected$/);
    await expect(page.getByTestId('fly-takeoff').isEnabled()).resolves.toBe(true);
    expect(await fly('takeoff')).toMatch(/Take off to 3 m: done/);
    await expect.poll(state, { timeout: 20_000 }).toMatch(/flying/);
  }, 120_000);

  it('takes over during Return home: the pad gives way to Take over, which hovers in GUIDED, and the pad flies again', async () => {
    expect(await fly('rtl')).toMatch(/Return home: done/);
    await expect.poll(state, { timeout: 20_000 }).toMatch(/returning/);
    // Never a control that is enabled but always refused.
    await expect(page.getByTestId('fly-North').count()).resolves.toBe(0);
    await expect(page.getByTestId('sticks').count()).resolves.toBe(0);
    await expect(page.getByTestId('fly-rtl').getAttribute('title')).resolves.toBe('already returning home');
    await saveScreenshot(page, 'phone-take-over');
    expect(await fly('take-over')).toMatch(/Take over: done/);
    await expect.poll(state, { timeout: 20_000 }).toMatch(/flying/);
    await expect(page.getByTestId('fly-take-over').count()).resolves.toBe(0);
    expect(await fly('North')).toMatch(/North: done/);
    expect(await fly('Stop')).toMatch(/Stop: done/);
    expect(await fly('land')).toMatch(/Land: done/);
  }, 120_000);

  it('a second pilot sees who has control, cannot fly, and can ask', async () => {
    const second = await openPhonePage(browser, stack.pilotUrl);
    try {
      await expect.poll(() => second.getByTestId('lease').textContent(), { timeout: 20_000 }).toMatch(/Another pilot has control/);
      await expect(second.getByTestId('fly-land').isEnabled()).resolves.toBe(false);
      await second.getByTestId('ask-control').tap();
    } finally {
      await second.close();
    }
  }, 60_000);

  it('remembers the link: the bare address opens the same session role', async () => {
    await page.goto(`${stack.origin}/`);
    await expect.poll(() => page.getByTestId('role').textContent(), { timeout: 20_000 }).toBe('pilot');
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
  }, 60_000);
});
