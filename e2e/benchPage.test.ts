import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { benchReportSchema, videoTransports, type BenchReport } from '@dronecast/protocol';
import { launchChromium } from './support/browser.ts';
import { benchUrl, openBenchPage } from './support/benchPage.ts';
import { checkAccessibility, describeOffenders } from './support/accessibility.ts';
import { saveScreenshot } from './support/screenshots.ts';

let stack: LoopbackStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:640x480@30' });
  browser = await launchChromium();
  page = await openBenchPage(browser, stack.viewerUrl);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the benchmark page', () => {
  let report: BenchReport;

  it('shows a viewer the source settings, read-only', async () => {
    await expect(page.getByTestId('quality-current').textContent({ timeout: 20_000 })).resolves.toMatch(/640×480 · 30 fps · JPEG \d+/);
    await expect(page.getByTestId('quality-resolution').count()).resolves.toBe(0);
    await expect(page.getByTestId('method').textContent()).resolves.toMatch(/barcode.*NTP-style/s);
  });

  it('runs the three transports at the same time for 5 s and tabulates what each delivered', async () => {
    await page.getByTestId('duration').fill('5');
    await page.getByTestId('duration').press('Enter');
    await page.getByTestId('mode-simultaneous').check();
    await page.getByTestId('start').click();
    await expect.poll(() => page.evaluate(() => window.__dronecastBench?.state().phase), { timeout: 10_000 }).toBe('running');
    await page.getByTestId('results-table').waitFor({ timeout: 45_000 });

    const raw = await page.evaluate(() => window.__dronecastBench?.report());
    const parsed = benchReportSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`the report does not match its schema: ${parsed.error.message}`);
    report = parsed.data;
    expect(report).toMatchObject({ mode: 'simultaneous', durationS: 5, role: 'viewer', qualityChanged: false });
    expect(report.quality).toMatchObject({ resolution: '640x480', fps: 30 });
    expect(report.clock?.rttMs).toBeGreaterThanOrEqual(0);
    expect(report.transports.map((t) => t.transport)).toEqual([...videoTransports]);
    for (const t of report.transports) {
      console.log(
        `${t.transport}: ${t.deliveredFps} fps, latency p50 ${t.latencyMs.p50} p95 ${t.latencyMs.p95} ms, ${t.kbps} kbit/s, ${t.mainThreadMsPerFrame} ms main thread/frame`,
      );
      expect(t.outcome, `${t.transport}: ${t.message}`).toBe('measured');
      expect(t.measuredS).toBeGreaterThan(4.5);
      expect(t.frames.expected).toBeGreaterThan(120);
      expect(t.frames.delivered).toBeGreaterThan(0);
      expect(t.latencyMs.samples).toBeGreaterThan(0);
      // Plausible glass-to-glass on loopback; a broken clock offset would be off by seconds or hours.
      expect(t.latencyMs.p50).toBeGreaterThan(0);
      expect(t.latencyMs.p50).toBeLessThan(2000);
      expect(t.latencyMs.p95).toBeGreaterThanOrEqual(t.latencyMs.p50 ?? 0);
      expect(t.latencyMs.p95).toBeLessThan(10_000);
      expect(t.bytes).toBeGreaterThan(0);
      expect(t.mainThreadMsPerFrame).toBeGreaterThan(0);
      expect([t.width, t.height]).toEqual([640, 480]);
      // One chart point per measured second.
      expect(t.timeline.length).toBeGreaterThanOrEqual(5);
    }
    // JPEG frames are far bigger than VP8's: what the bytes-per-frame column is for.
    const perFrame = (name: string) => report.transports.find((t) => t.transport === name)?.bytesPerFrame ?? 0;
    expect(perFrame('websocket')).toBeGreaterThan(perFrame('webrtc'));
  }, 60_000);

  it('renders the table and the charts from that report', async () => {
    for (const t of report.transports) {
      await expect(page.getByTestId(`result-${t.transport}-latency-p50`).textContent()).resolves.toBe(String(Math.round(t.latencyMs.p50 ?? -1)));
      await expect(page.getByTestId(`result-${t.transport}-frames`).textContent()).resolves.toBe(`${t.frames.delivered} / ${t.frames.expected}`);
    }
    for (const metric of ['fps', 'latencyMs', 'jitterMs', 'kbps']) await expect(page.getByTestId(`chart-${metric}`).locator('canvas').count()).resolves.toBe(1);
    await saveScreenshot(page, 'bench-results');
    const offenders = await checkAccessibility(page);
    expect(offenders, describeOffenders(offenders)).toEqual([]);
  });

  it('exports the same report as JSON (matching the schema) and as CSV', async () => {
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(json.suggestedFilename()).toMatch(/^dronecast-bench-.*\.json$/);
    const exported = benchReportSchema.parse(JSON.parse(await fs.readFile(await json.path(), 'utf8')));
    expect(exported).toEqual(report);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const lines = (await fs.readFile(await csv.path(), 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^started_at,mode,transport,/);
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual([...videoTransports]);
  });

  it('refuses a second run while one is going, through the hook', async () => {
    const second = await page.evaluate(async () => {
      const hook = window.__dronecastBench;
      if (!hook) return 'no hook';
      const first = hook.run({ durationS: 1, settleS: 0, transports: ['websocket'] });
      const refused = await hook.run({ durationS: 1 }).then(
        () => 'ran',
        (error: Error) => error.message,
      );
      await first;
      return refused;
    });
    expect(second).toMatch(/already going/);
  }, 40_000);

  it('lays the page out for a phone: nothing wider than the screen', async () => {
    const phone = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await phone.goto(benchUrl(stack.pilotUrl));
      await phone.getByTestId('quality-resolution').waitFor({ timeout: 20_000 });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await expect(phone.getByLabel('Seconds per transport').isVisible()).resolves.toBe(true);
    } finally {
      await phone.close();
    }
  });
});
