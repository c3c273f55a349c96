import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { VehicleSimulator } from '@dronecast/ground/simulator';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { checkAccessibility, describeOffenders } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { droneState } from './support/flightButtons.ts';
import { waitForMoreFrames } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { Fingers, slideToTakeOff, stickTarget } from './support/touch.ts';

// The pilot's fly view on a phone held sideways, flying the simulator with touch: real chromium,
// the real stack, real MAVLink. The simulator runs here, so its true velocity judges the sticks.
let sim: VehicleSimulator;
let stack: LoopbackStack;
let browser: Browser;
let page: Page;
const landscape = { width: 844, height: 390 };
/** The full-stick speed the pilot sets, m/s. */
const fullSpeed = 2;

beforeAll(async () => {
  const simPort = await freePort();
  sim = new VehicleSimulator({ listen: [`udp:127.0.0.1:${simPort}`], params: { gpsFixDelayS: 1 } });
  await sim.start();
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', drone: `udpout:127.0.0.1:${simPort}` });
  browser = await launchChromium();
  page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: landscape, isMobile: true, hasTouch: true });
  await page.goto(stack.pilotUrl);
  await waitForMoreFrames(page, 10, 60_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await sim?.stop();
});

/** Degrees from heading a to b, -180..180. */
const turn = (a: number, b: number): number => ((b - a + 540) % 360) - 180;

/** The part of the screen a control shows, and whether a tap at its centre reaches it (not hidden under something). */
async function onScreen(testid: string): Promise<{ inside: boolean; reachable: boolean }> {
  return page.evaluate((id) => {
    const element = document.querySelector(`[data-testid="${id}"]`);
    if (!element) return { inside: false, reachable: false };
    const r = element.getBoundingClientRect();
    const inside = r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { inside, reachable: !!hit && (element.contains(hit) || hit.contains(element)) };
  }, testid);
}

/** The page's answer to the take-off just asked for ("Take off to 3 m: done", or refused with the reason). */
async function takeOffAnswer(): Promise<string> {
  await page.waitForFunction(() => {
    const feedback = document.querySelector('[data-testid="command-feedback"]');
    return feedback?.textContent?.startsWith('Take off') && feedback.getAttribute('data-state') !== 'pending';
  });
  return (await page.getByTestId('command-feedback').textContent()) ?? '';
}

async function expectAccessible(name: string): Promise<void> {
  await saveScreenshot(page, name);
  const offenders = await checkAccessibility(page);
  expect(offenders, describeOffenders(offenders)).toEqual([]);
}

/** Holds fingers on sticks for `ms`, then lets go; returns when they were lifted (performance.now()). */
async function holdSticks(moves: { stick: 'left' | 'right'; x: number; y: number }[], ms: number): Promise<number> {
  const targets = await Promise.all(moves.map((m) => stickTarget(page, m.stick, m.x, m.y)));
  const fingers = await Fingers.on(page);
  await fingers.press(targets.map((t) => t.from), targets.map((t) => t.to));
  await new Promise((r) => setTimeout(r, ms));
  await fingers.lift();
  return performance.now();
}

describe('the fly view, phone in landscape', () => {
  it('shows the video full-bleed with the flight controls over it, nothing to scroll to', async () => {
    await expect.poll(() => droneState(page), { timeout: 30_000 }).toMatch(/connected/);
    const coverage = await page.evaluate(() => {
      const video = document.querySelector('[data-testid="fly-video-layer"] [data-testid="drone-video"]');
      if (!video) return 0;
      const r = video.getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
      const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
      return (w * h) / (innerWidth * innerHeight);
    });
    expect(coverage).toBeGreaterThanOrEqual(0.6);
    for (const id of ['fly-Stop', 'fly-takeoff', 'fly-rtl', 'stick-left', 'stick-right', 'capture-photo', 'capture-record', 'fly-swap']) {
      expect({ id, ...(await onScreen(id)) }).toEqual({ id, inside: true, reachable: true });
    }
    expect(await page.evaluate(() => scrollY)).toBe(0);
    // On the ground the sticks say why they do nothing, by the same rule the ground agent applies.
    await expect(page.getByTestId('stick-right').textContent()).resolves.toMatch(/take off first/);
    await expect(page.getByTestId('hud-mode').textContent()).resolves.toMatch(/disarmed/);
    await expectAccessible('fly-landscape-landed');
  }, 60_000);

  it('takes off with one slide, from the ground, to the set altitude', async () => {
    await page.getByTestId('takeoff-altitude').fill('3');
    await page.getByTestId('fly-speed').fill(String(fullSpeed));
    await page.getByTestId('fly-speed').dispatchEvent('change');
    await expect.poll(() => page.getByTestId('command-feedback').textContent()).toMatch(/Speed 2 m\/s: done/);
    // The settings are below the fly view; the pilot scrolls back up to fly.
    await page.evaluate(() => scrollTo(0, 0));
    // The simulator refuses to arm until its GPS has a fix, with the reason: slide until it goes.
    await expect
      .poll(async () => {
        await slideToTakeOff(page);
        return takeOffAnswer();
      }, { timeout: 30_000, interval: 1000 })
      .toMatch(/Take off to 3 m: done/);
    await expect.poll(() => droneState(page), { timeout: 20_000 }).toMatch(/flying/);
    await expect.poll(() => sim.truth.altRel, { timeout: 20_000 }).toBeGreaterThan(2.7);
    await expect(page.getByTestId('fly-land').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('hud-alt').textContent()).resolves.toMatch(/^\d+\.\d ?m$/);
  }, 90_000);

  it('turns with the left stick, then the right stick flies forward as seen in the video, and stops on release', async () => {
    const before = sim.truth.heading;
    await holdSticks([{ stick: 'left', x: 1.3, y: 0 }], 1500);
    await expect.poll(() => Math.abs(sim.truth.groundSpeed), { timeout: 2000 }).toBeLessThan(0.2);
    const heading = sim.truth.heading;
    expect(turn(before, heading)).toBeGreaterThan(40);
    const mapPosition = async (): Promise<string> => {
      const marker = page.getByTestId('map-drone');
      return `${await marker.getAttribute('data-lat')},${await marker.getAttribute('data-lon')}`;
    };
    const mapBefore = await mapPosition();
    const trackBefore = Number(await page.getByTestId('drone-map').first().getAttribute('data-track-points'));

    const targets = await stickTarget(page, 'right', 0, 1.3);
    const fingers = await Fingers.on(page);
    await fingers.press([targets.from], [targets.to]);
    await new Promise((r) => setTimeout(r, 2000));
    const moving = sim.truth;
    await saveScreenshot(page, 'fly-landscape-stick-forward');
    await fingers.lift();
    const released = performance.now();

    const speed = Math.hypot(moving.vn, moving.ve);
    expect(speed).toBeGreaterThan(fullSpeed * 0.85);
    expect(speed).toBeLessThan(fullSpeed * 1.1);
    // Forward is where the drone points (after the turn), not north.
    const course = (Math.atan2(moving.ve, moving.vn) * 180) / Math.PI;
    expect(Math.abs(turn(heading, course))).toBeLessThan(10);

    await expect.poll(() => sim.truth.groundSpeed, { timeout: 3000, interval: 20 }).toBeLessThan(0.1);
    expect(performance.now() - released).toBeLessThan(1000);

    // The map follows: the drone's marker moved, its track grew.
    await expect.poll(mapPosition).not.toBe(mapBefore);
    expect(Number(await page.getByTestId('drone-map').first().getAttribute('data-track-points'))).toBeGreaterThan(trackBefore);
  }, 60_000);

  it('flies both sticks at once: climbs and moves', async () => {
    const start = sim.truth;
    await holdSticks(
      [
        { stick: 'left', x: 0, y: 1.3 },
        { stick: 'right', x: 1.3, y: 0 },
      ],
      2000,
    ).then(() => undefined);
    const end = sim.truth;
    expect(end.altRel - start.altRel).toBeGreaterThan(0.4);
    expect(Math.hypot(end.north - start.north, end.east - start.east)).toBeGreaterThan(1.5);
    await expect.poll(() => sim.truth.groundSpeed, { timeout: 3000 }).toBeLessThan(0.1);
  }, 60_000);

  it('swaps the map and the video with a tap, and passes the accessibility check in flight', async () => {
    await page.getByTestId('fly-swap').tap();
    await expect(page.getByTestId('fly-map-layer').evaluate((e) => e.getBoundingClientRect().width)).resolves.toBe(landscape.width);
    await saveScreenshot(page, 'fly-landscape-map');
    await page.getByTestId('fly-swap').tap();
    await expectAccessible('fly-landscape-flying');
  }, 60_000);

  it('keeps its state through a turn to portrait, and still fits', async () => {
    await page.getByTestId('fly-pad-toggle').tap();
    await expect(page.getByTestId('compass-pad').isVisible()).resolves.toBe(true);
    await page.setViewportSize({ width: landscape.height, height: landscape.width });
    await expect(page.getByTestId('compass-pad').isVisible()).resolves.toBe(true);
    for (const id of ['fly-Stop', 'fly-land', 'fly-rtl', 'fly-North']) {
      expect({ id, ...(await onScreen(id)) }).toEqual({ id, inside: true, reachable: true });
    }
    await expectAccessible('fly-portrait-pad');
    await page.getByTestId('fly-pad-toggle').tap();
    for (const id of ['stick-left', 'stick-right']) expect({ id, ...(await onScreen(id)) }).toEqual({ id, inside: true, reachable: true });
    await expectAccessible('fly-portrait-sticks');
    await page.setViewportSize(landscape);
  }, 60_000);
});
