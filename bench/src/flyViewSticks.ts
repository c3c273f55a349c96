import type { Browser, Page } from 'playwright-core';
import type { LoopbackStack } from '@dronecast/launcher';
import { percentile, round } from '@dronecast/protocol';
import { Fingers, slideToTakeOff, stickTarget } from '@dronecast/e2e/support/touch.ts';
import { floatAt, type MavlinkTap } from './MavlinkTap.ts';

const SET_POSITION_TARGET_LOCAL_NED = 84;

export interface FlyViewResult {
  /** Stick moves timed. */
  moves: number;
  /** A finger's move on the right stick (the touch event sent to chromium) to the setpoint with the new velocity leaving the ground agent. */
  stickToWireMs: { p50: number; p95: number; max: number };
  /** SET_POSITION_TARGET_LOCAL_NED per second leaving the ground agent while the stick is held still. */
  setpointHz: number;
  /** The fly view's main-thread busy time (chromium's TaskDuration) per second while flying with the video playing. */
  mainThreadMsPerS: number;
  /** Over how many seconds the last two were measured. */
  holdS: number;
}

/**
 * The pilot's fly view on a phone held sideways (real chromium, touch through the DevTools protocol):
 * takes off with the slide, then times stick moves to the MAVLink bytes leaving the ground agent,
 * counts setpoints while the stick is held, and reads the page's main-thread time.
 */
export async function measureFlyView(browser: Browser, stack: LoopbackStack, tap: MavlinkTap, moves: number, holdS: number): Promise<FlyViewResult> {
  const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 844, height: 390 }, isMobile: true, hasTouch: true });
  try {
    await page.goto(stack.pilotUrl);
    await until(page, () => state(page).then((s) => s === 'connected'), 60_000, 'the landed, connected drone');
    await page.getByTestId('takeoff-altitude').fill('3');
    await until(page, async () => {
      await slideToTakeOff(page);
      await page.waitForFunction(() => document.querySelector('[data-testid="command-feedback"]')?.getAttribute('data-state') !== 'pending');
      return /Take off to 3 m: done/.test((await page.getByTestId('command-feedback').textContent()) ?? '');
    }, 30_000, 'the take-off (GPS fix)');
    await until(page, () => state(page).then((s) => s === 'flying'), 30_000, 'flying');

    const fingers = await Fingers.on(page);
    const stick = await stickTarget(page, 'right', 0, 0.5);
    const radius = stick.from.y - stick.to.y;
    await fingers.press([stick.from], [stick.to], 1);
    // Alternate between two stick positions; each move's first setpoint with a new forward speed is its arrival.
    let lastVx = Number.NaN;
    const stop = tap.onMessage((m) => {
      if (m.msgid === SET_POSITION_TARGET_LOCAL_NED) lastVx = floatAt(m.payload, 16);
    });
    const times: number[] = [];
    for (let i = 0; i < moves; i++) {
      await page.waitForTimeout(120);
      const before = lastVx;
      const y = stick.from.y - radius * (i % 2 === 0 ? 0.8 : 0.5);
      const arrived = tap.next((m) => m.msgid === SET_POSITION_TARGET_LOCAL_NED && Math.abs(floatAt(m.payload, 16) - before) > 0.005);
      const sentAt = performance.timeOrigin + performance.now();
      await fingers.move([{ x: stick.from.x, y }]);
      times.push((await arrived) - sentAt);
    }
    stop();

    // Held still: the resend rate, and what the page costs the phone's main thread meanwhile.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async (): Promise<number> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    };
    let setpoints = 0;
    const count = tap.onMessage((m) => {
      if (m.msgid === SET_POSITION_TARGET_LOCAL_NED) setpoints += 1;
    });
    const busyBefore = await busy();
    const startedAt = performance.now();
    await page.waitForTimeout(holdS * 1000);
    const elapsedS = (performance.now() - startedAt) / 1000;
    const busyMs = ((await busy()) - busyBefore) * 1000;
    count();
    await fingers.lift();
    await page.getByTestId('fly-land').tap();
    return {
      moves: times.length,
      stickToWireMs: { p50: round(percentile(times, 50) ?? Number.NaN, 2), p95: round(percentile(times, 95) ?? Number.NaN, 2), max: round(Math.max(...times), 2) },
      setpointHz: round(setpoints / elapsedS, 1),
      mainThreadMsPerS: round(busyMs / elapsedS, 1),
      holdS: round(elapsedS, 1),
    };
  } finally {
    await page.close();
  }
}

const state = async (page: Page): Promise<string> => (await page.getByTestId('telemetry-state').textContent()) ?? '';

async function until(page: Page, check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`fly view: timed out waiting for ${what}`);
    await page.waitForTimeout(500);
  }
}
