import { describe, expect, it } from 'vitest';
import { launchChromium } from '@dronecast/e2e/support/browser.ts';
import { pageStats, waitForMoreFrames } from '@dronecast/e2e/support/phonePage.ts';
import { startImpairedStack } from './ImpairedStack.ts';

describe('startImpairedStack', () => {
  it('puts the page, the ground agent and the WebRTC media behind the relays, which add their delay', async () => {
    const delayMs = 60;
    const impaired = await startImpairedStack({ name: 'delay', delayMs }, { camera: 'pattern:320x240@15' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
      const url = impaired.throughRelay(impaired.stack.viewerUrl);
      expect(new URL(url).port).toBe(String(impaired.relays.tcp.port));
      await page.goto(url);
      await page.waitForFunction(() => (window.__dronecast?.stats().framesStamped ?? 0) > 20, undefined, { timeout: 60_000 });
      await waitForMoreFrames(page, 45);
      const stats = await pageStats(page);
      // The media crossed the UDP relay (the SFU announces only the relay's address)...
      expect(impaired.relays.udp.counts.relayed).toBeGreaterThan(200);
      // ...both ways, drone up and phone down: at least twice the one-way delay on top of the clean path.
      expect(stats.latencyMs.p50).toBeGreaterThan(2 * delayMs);
    } finally {
      await browser.close();
      await impaired.stop();
    }
  }, 120_000);
});
