import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import type { GalleryItem, RecordingState, ServerEventPayload } from '@dronecast/protocol';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

let stack: LoopbackStack;
let browser: Browser;
let page: Page;

function get(pathName: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port: stack.port, path: pathName, headers, ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
  });
}

/** One series' value in Prometheus text, e.g. metric(text, 'dronecast_mediasoup_producers{source="drone-camera"}'). */
function metric(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:640x480@30' });
  browser = await launchChromium();
  page = await openPhonePage(browser, stack.pilotUrl);
  await waitForMoreFrames(page, 30, 60_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('operations: health, metrics, graceful shutdown', () => {
  it('/healthz says the SFU works, with its workers, uptime and the drone agent', async () => {
    const reply = await get('/healthz');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 'ok', workers: { configured: 1, alive: 1 }, droneAgentsOnline: 1 });
    expect(JSON.parse(reply.body).uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('/metrics, scraped while the phone watches: the producer, its consumer, bitrate both ways, peers and worker CPU', async () => {
    await waitForMoreFrames(page, 30, 30_000);
    const started = performance.now();
    const reply = await get('/metrics');
    const scrapeMs = performance.now() - started;
    expect(reply.status).toBe(200);
    expect(reply.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = reply.body;
    console.info(`/metrics scrape: ${scrapeMs.toFixed(0)} ms, ${text.length} bytes`);
    expect(metric(text, 'dronecast_mediasoup_workers_alive')).toBe(1);
    expect(metric(text, 'dronecast_mediasoup_routers')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'dronecast_mediasoup_producers{source="drone-camera"}')).toBe(1);
    expect(metric(text, 'dronecast_mediasoup_consumers{source="drone-camera"}')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'dronecast_mediasoup_transports{type="webrtc"}')).toBeGreaterThanOrEqual(2);
    expect(metric(text, 'dronecast_rtp_bitrate_bps{direction="in",source="drone-camera"}')).toBeGreaterThan(50_000);
    expect(metric(text, 'dronecast_rtp_bitrate_bps{direction="out",source="drone-camera"}')).toBeGreaterThan(50_000);
    expect(metric(text, 'dronecast_rtp_loss_ratio{direction="out",source="drone-camera"}')).toBeLessThan(0.5);
    expect(metric(text, 'dronecast_peers{role="pilot"}')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'dronecast_peers{role="ground"}')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'dronecast_drone_agents_online')).toBe(1);
    expect(metric(text, 'dronecast_rtp_stats_timed_out')).toBe(0);
    const cpuLines = text.split('\n').filter((l) => l.startsWith('dronecast_mediasoup_worker_cpu_seconds_total{'));
    expect(cpuLines.length).toBe(2); // user and system of the one worker
    expect(cpuLines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0)).toBeGreaterThan(0);
    expect(scrapeMs).toBeLessThan(3000);
  }, 60_000);

  it('SIGTERM to the SFU: clients are told it is stopping, the phone says so, and it comes back after the restart', async () => {
    const viewer: TestClient = await connectClient(stack.origin, tokenOf(stack.viewerUrl), `${stack.dir}/certs`);
    const closing: ServerEventPayload<'session:closing'>[] = [];
    viewer.socket.on('session:closing', (payload) => closing.push(payload));
    const restarted = stack.stack.nextSfuReady(60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await stack.logs()}`);
    });
    stack.stack.sfu.kill('SIGTERM');
    try {
      await page.getByText('The server is stopping. Reconnecting if it comes back…').waitFor({ timeout: 10_000 });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${JSON.stringify(await pageStats(page))}\n${await stack.logs()}`);
    }
    expect(closing).toEqual([{ reason: 'the server is stopping (SIGTERM)', restartExpected: false }]);
    expect(await stack.logs()).toMatch(/\[sfu\] stopping \(SIGTERM\)/);
    viewer.close();
    // The launcher starts it again; the page reconnects by itself and plays again.
    await restarted;
    await page.waitForFunction(() => window.__dronecast?.stats().connection === 'connected', undefined, { timeout: 30_000 });
    await waitForMoreFrames(page, 30, 60_000);
    await expect(page.getByText('The server is stopping').count()).resolves.toBe(0);
  }, 120_000);

  it('SIGTERM to the ground agent mid-recording: the recording is finalized into the gallery, a plain MP4 that plays', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
    try {
      const states: RecordingState[] = [];
      pilot.socket.on('capture:recording', (state) => states.push(state));
      // Right after the SFU restart the agent may still be joining; try until it records.
      let started: RecordingState | undefined;
      for (let tries = 0; !started && tries < 40; tries++) {
        const ack = await pilot.send('capture:startRecording', {});
        if (ack.ok) started = ack.data as RecordingState;
        else await new Promise((r) => setTimeout(r, 500));
      }
      expect(started?.recording).toBe(true);
      await expect.poll(() => states.at(-1)?.durationMs ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(2500);
      const id = started?.id ?? '';

      await stack.stack.ground.stop(); // SIGTERM, as a service manager would; SIGKILL only after 5 s

      const items = path.join(stack.mediaDir, 'items');
      const item = JSON.parse(fs.readFileSync(path.join(items, `${id}.json`), 'utf8')) as GalleryItem;
      expect(item).toMatchObject({ kind: 'video', endReason: 'shutdown', capturedBy: { role: 'pilot' } });
      expect(item.durationMs).toBeGreaterThan(2000);
      // Nothing left for the next start to recover: the file was finished, not cut off.
      const leftovers = fs.readdirSync(stack.mediaDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.partial'));
      expect(leftovers).toEqual([]);
      const file = path.join(items, `${id}.mp4`);
      const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', file]).toString();
      const probed = JSON.parse(probe) as { streams: { codec_name: string; width: number; height: number }[]; format: { duration: string } };
      expect(probed.streams[0]).toMatchObject({ codec_name: 'h264', width: 640, height: 480 });
      expect(Number(probed.format.duration)).toBeGreaterThan(2);
      // A plain MP4 with its index first (remuxed for phones), not the fragmented file being written.
      const head = fs.readFileSync(file).subarray(0, 4096).toString('latin1');
      expect(head.indexOf('moov')).toBeGreaterThan(0);
      expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));
      expect(head).not.toContain('moof');
      expect(await stack.logs()).toMatch(/\[ground\] stopping \(SIGTERM\)/);
    } finally {
      pilot.close();
    }
  }, 120_000);
});
