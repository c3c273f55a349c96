import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { VehicleSimulator } from '@dronecast/ground/simulator';
import { RawGroundStation, UdpLink } from '@dronecast/ground/testing';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { checkAccessibility, describeOffenders } from './support/accessibility.ts';
import { waitForConsoleServer } from './support/consoleServer.ts';

// The ground console as the operator opens it: http://127.0.0.1:<port>/ground, served by the ground
// agent, everything it needs from the SFU on that one origin. The drone is a simulator this test
// starts itself, so it knows the connection string to type in after disconnecting.
let sim: VehicleSimulator;
let droneConnection: string;
let stack: LoopbackStack;
let browser: Browser;
let page: Page;
let consoleOrigin: string;
/** The agent's --gcs port, and QGroundControl on it (once a test starts it), sending its heartbeat each second. */
let gcsPort: number;
let qgc: RawGroundStation | undefined;
let qgcHeartbeat: NodeJS.Timeout | undefined;

beforeAll(async () => {
  const simPort = await freePort();
  sim = new VehicleSimulator({ listen: [`udp:127.0.0.1:${simPort}`], params: { gpsFixDelayS: 1 } });
  await sim.start();
  droneConnection = `udpout:127.0.0.1:${simPort}`;
  gcsPort = await freePort();
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', drone: droneConnection, gcs: [`udp:127.0.0.1:${gcsPort}`] });
  consoleOrigin = new URL(stack.consoleUrl).origin;
  await waitForConsoleServer(stack);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(stack.consoleUrl);
}, 120_000);

afterAll(async () => {
  clearInterval(qgcHeartbeat);
  await qgc?.close();
  await browser?.close();
  await stack?.stop();
  await sim?.stop();
});

const testId = (id: string) => page.getByTestId(id);
const linkState = (): Promise<string | null> => testId('console-link-state').getAttribute('data-state');
const logTexts = (): Promise<string[]> => testId('console-log-entry').allTextContents();

/** Clicks a flight button on the console and returns the answer it shows (done, or refused with the reason). */
async function fly(id: string): Promise<string> {
  const flight = testId('console-flight');
  await flight.getByTestId(`fly-${id}`).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="console-flight"] [data-testid="command-feedback"]')?.getAttribute('data-state') !== 'pending', undefined, {
    timeout: 20_000,
  });
  return (await flight.getByTestId('command-feedback').textContent()) ?? '';
}

async function linkCommand(button: 'console-connect' | 'console-disconnect'): Promise<string> {
  await testId(button).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="console-link-feedback"]')?.getAttribute('data-state') !== 'pending', undefined, { timeout: 25_000 });
  return (await testId('console-link-feedback').textContent()) ?? '';
}

/** A raw request to the console server with headers of our choosing (fetch will not set Host). */
function request(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { port } = new URL(consoleOrigin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the ground console', () => {
  it('opens on its loopback address, connected, and plays the drone video with its numbers', async () => {
    await expect.poll(() => testId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('connected');
    const stats = await waitForMoreFrames(page, 30, 60_000);
    expect(stats).toMatchObject({ video: 'playing', transport: 'webrtc', width: 320, height: 240 });
    expect(stats.latencyMs.p50).toBeGreaterThan(0);
    await expect(testId('console-drone-video').getByTestId('fps').textContent()).resolves.toMatch(/^\d+$/);
    await expect.poll(() => testId('console-agent-state').getAttribute('data-online'), { timeout: 30_000 }).toBe('true');
    await expect.poll(linkState, { timeout: 30_000 }).toBe('connected');
    await expect(testId('console-processed-video').textContent()).resolves.toMatch(/No phone is sending its camera/);
    await expect(logTexts()).resolves.toContainEqual(expect.stringMatching(/Connected to the dronecast server as the ground console/));
  }, 90_000);

  it('changes resolution and frame rate, and its own video follows', async () => {
    const quality = testId('console-quality');
    await quality.getByTestId('quality-resolution').selectOption('640x480');
    await page.waitForFunction(() => window.__dronecast?.stats().width === 640 && window.__dronecast?.stats().height === 480, undefined, { timeout: 20_000 });
    await quality.getByTestId('quality-fps').selectOption('5');
    await expect.poll(() => quality.getByTestId('quality-current').textContent(), { timeout: 20_000 }).toMatch(/640×480 · 5 fps/);
    // Measured over a fresh window, after the change has reached the picture.
    await page.waitForTimeout(1500);
    await page.evaluate(() => window.__dronecast?.reset());
    await page.waitForTimeout(3000);
    const stats = await pageStats(page);
    expect(stats.framesPresented).toBeGreaterThan(5);
    expect(stats.framesPresented).toBeLessThan(25);
    expect(stats.fps).toBeLessThanOrEqual(7);
    await expect(logTexts()).resolves.toContainEqual(expect.stringMatching(/Video quality: 640×480, 5 fps/));
  }, 60_000);

  it('drops the drone link, refuses a bad connection string with the reason, and connects by connection string', async () => {
    expect(await linkCommand('console-disconnect')).toMatch(/^Disconnect: done/);
    await expect.poll(linkState, { timeout: 10_000 }).toBe('disconnected');
    await expect(testId('console-flight').getByTestId('fly-arm').isEnabled()).resolves.toBe(false);

    await testId('console-connection-input').fill('bogus:nowhere');
    expect(await linkCommand('console-connect')).toMatch(/^Connect to bogus:nowhere: refused — .+/);

    await testId('console-connection-input').fill(droneConnection);
    expect(await linkCommand('console-connect')).toMatch(new RegExp(`^Connect to ${droneConnection}: done`));
    await expect.poll(linkState, { timeout: 20_000 }).toBe('connected');
    await expect(logTexts()).resolves.toContainEqual(expect.stringMatching(/Disconnect: done/));
  }, 90_000);

  it('arms and takes off without the control lease', async () => {
    await expect(testId('console-flight').getByTestId('lease').textContent()).resolves.toMatch(/No pilot has control\. The console flies without the lease/);
    // The simulator refuses to arm before its GPS fix, with the reason: try until it accepts.
    await expect.poll(() => fly('arm'), { timeout: 30_000, interval: 1000 }).toMatch(/Arm: done/);
    await testId('console-flight').getByTestId('takeoff-altitude').fill('3');
    expect(await fly('takeoff')).toMatch(/Take off to 3 m: done/);
    await expect.poll(() => testId('console-flight').getByTestId('telemetry-state').textContent(), { timeout: 20_000 }).toMatch(/flying/);
    await expect(testId('console-lease-holder').textContent()).resolves.toMatch(/No pilot has control/);
    await expect(logTexts()).resolves.toContainEqual(expect.stringMatching(/Take off to 3 m: done/));
  }, 90_000);

  it('flies the Move stick with the mouse, and the HUD over its video shows the speed', async () => {
    const speed = async (): Promise<number> => Number.parseFloat((await testId('hud-speed').textContent()) ?? 'NaN');
    const stick = testId('console-flight').getByTestId('stick-right').getByRole('slider');
    await stick.scrollIntoViewIfNeeded();
    const box = await stick.boundingBox();
    if (!box) throw new Error('the Move stick is not on screen');
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x, centre.y - box.height / 2, { steps: 5 });
    // Full forward at the default full-stick speed of 1 m/s.
    await expect.poll(speed, { timeout: 10_000 }).toBeGreaterThan(0.8);
    await page.mouse.up();
    await expect.poll(speed, { timeout: 10_000 }).toBeLessThan(0.1);
    await expect(testId('console-flight').getByTestId('stick-right').getAttribute('data-y')).resolves.toBe('0');
  }, 60_000);

  it('lists QGroundControl when it connects to the ground agent, and logs it', async () => {
    await expect(testId('console-ground-stations-none').textContent()).resolves.toMatch(/None\. The ground agent routes the drone to QGroundControl and the like with --gcs/);
    qgc = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: gcsPort }));
    qgc.heartbeat();
    qgcHeartbeat = setInterval(() => qgc?.heartbeat(), 1000);
    const row = testId('console-ground-station');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => row.getAttribute('data-live'), { timeout: 10_000 }).toBe('true');
    await expect(row.textContent()).resolves.toMatch(/MAVLink 255\/190.*heard \d\.\d s ago.*127\.0\.0\.1:\d+ · UDP, it sends to us.*\d+ in · [\d,]+ out/);
    await expect.poll(logTexts, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Ground station joined: 127\.0\.0\.1:\d+ \(UDP, it sends to us, MAVLink 255\/190\)/));
  }, 30_000);

  it('lists a phone that joins, marks it when it takes control, shows its processed camera, and still flies', async () => {
    const pilot = await openPhonePage(browser, stack.pilotUrl);
    try {
      const pilotRow = page.locator('[data-testid="console-peer"][data-role="pilot"]');
      await expect.poll(() => pilotRow.count(), { timeout: 30_000 }).toBe(1);
      await expect(pilotRow.textContent()).resolves.toMatch(/Pilot.*Headless Chrome.*127\.0\.0\.1 · connected \d+:\d\d/);
      await expect(page.locator('[data-testid="console-peer"][data-role="ground"]').count()).resolves.toBe(1);
      await expect(page.locator('[data-testid="console-peer"][data-me="true"]').textContent()).resolves.toMatch(/Console.*this console/);
      await expect.poll(logTexts, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Joined: pilot \(Headless Chrome/));

      // The pilot's first command takes the lease.
      await expect.poll(() => pilot.getByTestId('fly-Stop').isEnabled(), { timeout: 20_000 }).toBe(true);
      await pilot.getByTestId('fly-Stop').tap();
      await expect.poll(() => pilotRow.getAttribute('data-lease'), { timeout: 10_000 }).toBe('true');
      await expect(testId('console-lease-holder').textContent()).resolves.toMatch(/Control: pilot \(Headless Chrome/);
      await expect.poll(logTexts, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Control lease: pilot \(Headless Chrome.*\) has control/));

      // The phone sends its camera; the console shows the pose worker's processed video of it.
      await pilot.getByTestId('camera-start').tap();
      await expect.poll(() => testId('console-processed-video').getAttribute('data-state'), { timeout: 60_000 }).toBe('playing');
      await expect(testId('console-processed-phone').textContent()).resolves.toMatch(/Phone 1: pilot, Headless Chrome/);
      await expect.poll(() => testId('console-record-processed').isEnabled(), { timeout: 20_000 }).toBe(true);

      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'ground-console-desktop');
      const offenders = await checkAccessibility(page);
      expect(offenders, describeOffenders(offenders)).toEqual([]);
      const phoneSized = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        await phoneSized.goto(stack.consoleUrl);
        // The page publishes its numbers once the console server has handed it the token.
        await phoneSized.waitForFunction(() => window.__dronecast !== undefined, undefined, { timeout: 10_000 });
        await waitForMoreFrames(phoneSized, 10, 30_000);
        await expect.poll(() => phoneSized.getByTestId('console-processed-video').getAttribute('data-state'), { timeout: 30_000 }).toBe('playing');
        await phoneSized.waitForTimeout(1000);
        await saveScreenshot(phoneSized, 'ground-console-phone');
        const phoneOffenders = await checkAccessibility(phoneSized);
        expect(phoneOffenders, describeOffenders(phoneOffenders)).toEqual([]);
      } finally {
        await phoneSized.close();
      }

      // The lease is the pilot's, and the console lands the drone all the same.
      expect(await fly('land')).toMatch(/Land: done/);
    } finally {
      await pilot.close();
    }
    await expect.poll(logTexts, { timeout: 15_000 }).toContainEqual(expect.stringMatching(/Left: pilot \(Headless Chrome/));
    await expect.poll(() => page.locator('[data-testid="console-peer"][data-role="pilot"]').count(), { timeout: 15_000 }).toBe(0);
  }, 180_000);

  it('takes a photo into the gallery, and logs it', async () => {
    await testId('console-capture').getByTestId('capture-photo').click();
    await expect.poll(() => testId('console-capture').getByTestId('capture-photo-feedback').textContent(), { timeout: 20_000 }).toMatch(/Photo saved \(\d+×\d+\)/);
    await expect.poll(logTexts, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Gallery: photo added \(\d+×\d+, by the console\)/));
  }, 60_000);

  it('switches the websocket fallback off and on, showing why it is off', async () => {
    const row = testId('console-transport-websocket');
    const toggle = testId('console-transport-websocket-switch');
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('true');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 10_000 }).toBe('false');
    await expect(row.getAttribute('data-absent')).resolves.toBe('false');
    await expect(testId('console-transport-websocket-status').textContent()).resolves.toMatch(/Off: the ground station switched websocket video off/);
    await expect.poll(logTexts, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Video transports: websocket off \(the ground station switched websocket video off\), MQTT on/));
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 10_000 }).toBe('true');
    await expect(testId('console-transport-websocket-status').textContent()).resolves.toMatch(/^\s*On\s*$/);
  }, 60_000);

  it('refuses requests not addressed to loopback (DNS rebinding) and pages of other origins', async () => {
    const { port } = new URL(consoleOrigin);
    const rebound = await request('/console/session', { Host: `dronecast.attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/only answers requests addressed to 127\.0\.0\.1:\d+ or localhost:\d+/);
    expect(rebound.body).not.toMatch(/token/i);
    const foreign = await request('/console/session', { Host: `127.0.0.1:${port}`, Origin: 'https://attacker.example' });
    expect(foreign.status).toBe(403);
    const own = await request('/console/session', { Host: `localhost:${port}` });
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body)).toHaveProperty('token');
  });

  it('with the SFU down answers a readable 502, says so on the page, and reconnects when it is back', async () => {
    const restarted = stack.stack.nextSfuReady();
    stack.stack.sfu.kill('SIGKILL');
    // The launcher restarts the SFU after half a second; the SFU takes a moment more to listen.
    let failure: { status: number; body: string } | undefined;
    const until = Date.now() + 10_000;
    while (!failure && Date.now() < until) {
      const answer = await fetch(`${consoleOrigin}/socket.io/?EIO=4&transport=polling`).then(async (r) => ({ status: r.status, body: await r.text() }));
      // A request caught as the SFU died is answered "dropped the connection"; wait for the refusals after it.
      if (answer.status === 502 && /connection refused/.test(answer.body)) failure = answer;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(failure?.status).toBe(502);
    expect(failure?.body).toMatch(/^Cannot reach the dronecast server \(SFU\) at https:\/\/127\.0\.0\.1:\d+: connection refused\. Is it running\?/);
    await expect.poll(() => testId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).not.toBe('connected');
    await restarted;
    await expect.poll(() => testId('connection-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('connected');
    await expect.poll(logTexts, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Reconnected to the dronecast server/));
    await waitForMoreFrames(page, 20, 60_000);
  }, 120_000);
});
