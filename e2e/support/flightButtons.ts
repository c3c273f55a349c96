import type { Page } from 'playwright-core';

/** Taps a flight button (fly-arm, fly-takeoff, fly-North, ...) and returns the drone's answer as the page shows it. */
export async function fly(page: Page, id: string): Promise<string> {
  await page.getByTestId(`fly-${id}`).tap();
  await page.waitForFunction(() => document.querySelector('[data-testid="command-feedback"]')?.getAttribute('data-state') !== 'pending', undefined, {
    timeout: 20_000,
  });
  return (await page.getByTestId('command-feedback').textContent()) ?? '';
}

/** The telemetry state the flight panel shows ("connected", "armed", "flying", ...). */
export async function droneState(page: Page): Promise<string> {
  return (await page.getByTestId('telemetry-state').textContent()) ?? '';
}
