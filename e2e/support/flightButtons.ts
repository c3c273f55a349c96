import type { Page } from 'playwright-core';
import { slideToTakeOff } from './touch.ts';

/** Taps a flight button (or slides the phone's take off) (fly-arm, fly-takeoff, fly-North, ...) and returns the drone's answer as the page shows it. */
export async function fly(page: Page, id: string): Promise<string> {
  // The phone's take off is a slide (one deliberate action); the console's is a button.
  const slide = id === 'takeoff' && (await page.getByTestId('fly-takeoff').getAttribute('role')) === 'slider';
  // The phone's compass pad is one tap away from the sticks.
  const pad = page.getByTestId('fly-pad-toggle');
  if ((await page.getByTestId(`fly-${id}`).count()) === 0 && (await pad.count()) === 1) await pad.tap();
  if (slide) await slideToTakeOff(page);
  else await page.getByTestId(`fly-${id}`).tap();
  await page.waitForFunction(() => document.querySelector('[data-testid="command-feedback"]')?.getAttribute('data-state') !== 'pending', undefined, {
    timeout: 20_000,
  });
  return (await page.getByTestId('command-feedback').textContent()) ?? '';
}

/** The telemetry state the flight panel shows ("connected", "armed", "flying", ...). */
export async function droneState(page: Page): Promise<string> {
  return (await page.getByTestId('telemetry-state').textContent()) ?? '';
}
