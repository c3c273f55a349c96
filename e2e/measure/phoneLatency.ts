// A measurement, not a test: `npx tsx e2e/measure/phoneLatency.ts [--camera pattern:640x480@30] [--playout-delay 0|off] [--seconds 20]`
// (loopback only). Glass-to-glass on the phone page as a phone opens it, from the frame stamps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLoopbackStack } from '@dronecast/launcher';
import { launchChromium } from '../support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from '../support/phonePage.ts';

const { values } = parseArgs({ options: { camera: { type: 'string' }, 'playout-delay': { type: 'string' }, seconds: { type: 'string' } } });
const seconds = Number(values.seconds ?? 20);
const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-latency-')), 'config.json');
fs.writeFileSync(config, JSON.stringify({ ground: { 'playout-delay': values['playout-delay'] ?? '0' } }));
const stack = await startLoopbackStack({ camera: values.camera ?? 'pattern:640x480@30', configFile: config });
const browser = await launchChromium();
try {
  const page = await openPhonePage(browser, stack.viewerUrl);
  await waitForMoreFrames(page, 90, 60_000);
  await page.evaluate(() => window.__dronecast?.reset());
  await page.waitForTimeout(seconds * 1000);
  const samples = (await page.evaluate(() => window.__dronecast!.samples())).latencyMs.slice().sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  const stats = await pageStats(page);
  console.log(
    `${values.camera ?? 'pattern:640x480@30'} playout-delay ${values['playout-delay'] ?? '0'}: ${stats.codec}, ${samples.length} stamped frames in ${seconds} s, ` +
      `glass-to-glass p50 ${Math.round(at(0.5))} ms, p95 ${Math.round(at(0.95))} ms, max ${Math.round(at(1) || NaN)} ms (load ${os.loadavg()[0]!.toFixed(1)})`,
  );
} finally {
  await browser.close();
  await stack.stop();
}
