import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import type { CommandOutcome, GalleryItem, PoseFired, PoseSeen, ProducerInfo, Telemetry } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { SignalingLink, WebRtcSubscriber, type ReceivedFrame } from '@dronecast/peer';
import { launchChromium } from './support/browser.ts';
import { openPhonePage } from './support/phonePage.ts';
import { connectClient, type TestClient } from './support/signalingClient.ts';

const width = 640;
const height = 480;
const photos = path.resolve(import.meta.dirname, '../processing/test-assets/samples.jpg');

let stack: LoopbackStack;
let browser: Browser;
let page: Page;
let tmp: string;

/**
 * A phone camera that films a real person, as a looped y4m: the man at a table from the test
 * photos, arms down (MediaPipe sees his hidden hips as visible, so he reads as the Stop pose).
 */
async function personVideo(dir: string): Promise<string> {
  const png = path.join(dir, 'person.png');
  await sharp(photos)
    .extract({ left: 325, top: 0, width: 215, height: 160 })
    .resize(width, height, { fit: 'contain', background: '#000000' })
    .png()
    .toFile(png);
  const y4m = path.join(dir, 'person.y4m');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', png, '-t', '2', '-r', '15', '-pix_fmt', 'yuv420p', y4m]);
  return y4m;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-pose-'));
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  browser = await launchChromium({ fakeCameraFile: await personVideo(tmp) });
  page = await openPhonePage(browser, stack.pilotUrl);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Receives one source as the ground agent does (same WebRtcSubscriber), with the console's token. */
function receive(source: 'phone-camera' | 'processed-camera'): { frames: ReceivedFrame[]; stop(): void } {
  const link = new SignalingLink({
    url: stack.origin,
    token: stack.stack.ready.tokens.console,
    ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
    logger: createLogger(`test-${source}`),
    tokenName: 'console token',
  });
  const subscriber = new WebRtcSubscriber({ link, mediaSource: source, logger: createLogger(`test-${source}`) });
  const frames: ReceivedFrame[] = [];
  subscriber.on('frame', (frame) => {
    frames.push(frame);
    if (frames.length > 30) frames.shift();
  });
  subscriber.start();
  link.connect();
  return {
    frames,
    stop: () => {
      subscriber.stop();
      link.close();
    },
  };
}

describe('phone camera -> SFU -> pose worker -> processed video to the ground', () => {
  let client: TestClient;
  const seen: PoseSeen[] = [];

  beforeAll(async () => {
    client = await connectClient(stack.origin, stack.stack.ready.tokens.console, `${stack.dir}/certs`);
    client.socket.on('pose:seen', (s) => seen.push(s));
    await page.getByTestId('camera-start').tap();
    await page.waitForSelector('[data-testid="camera-state"][data-state="sending"]', { timeout: 20_000 });
  }, 60_000);

  afterAll(() => client?.close());

  it('finds the person: the worker reports a body in view, and the phone shows what it sees', async () => {
    await expect.poll(() => seen.filter((s) => s.pose !== null).length, { timeout: 60_000 }).toBeGreaterThan(2);
    const last = seen.at(-1)!;
    expect(last.fps).toBeGreaterThan(0);
    expect(last.inferenceMs).toBeGreaterThan(0);
    await expect(page.getByTestId('pose-seen').textContent({ timeout: 10_000 })).resolves.toMatch(/Sees:/);
  }, 90_000);

  it('a held pose becomes a command only with pose control on and the drone flying in GUIDED', async () => {
    const fired: PoseFired[] = [];
    let telemetry: Telemetry | undefined;
    client.socket.on('pose:fired', (f) => fired.push(f));
    client.socket.on('drone:telemetry', (t) => (telemetry = t));
    const command = async (cmd: object): Promise<CommandOutcome> => {
      const ack = await client.send('drone:command', { command: cmd });
      if (!ack.ok) throw new Error(ack.error.message);
      return ack.data as CommandOutcome;
    };

    // Flying, pose control still off: the pose in view sends nothing.
    await expect.poll(async () => (await command({ type: 'arm' })).ok, { timeout: 20_000, interval: 500 }).toBe(true);
    expect(await command({ type: 'takeoff', altitude: 3 })).toMatchObject({ ok: true });
    await expect.poll(() => telemetry?.state, { timeout: 20_000 }).toBe('flying');
    expect(telemetry?.flightMode).toBe('GUIDED');
    await new Promise((r) => setTimeout(r, 1500));
    expect(fired).toHaveLength(0);

    // The pilot turns it on from the phone: the held Stop pose goes through the control path.
    await page.getByTestId('pose-toggle').tap();
    await expect.poll(() => page.getByTestId('pose-toggle').getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => fired.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(fired[0]).toMatchObject({ pose: 'stop', ok: true });
    await expect(page.getByTestId('pose-fired').textContent({ timeout: 10_000 })).resolves.toMatch(/Stop.*done/);
    // Once per hold, not once per frame.
    await new Promise((r) => setTimeout(r, 1500));
    expect(fired).toHaveLength(1);

    // Landing (the console may always act): pose commands are ignored again.
    expect(await command({ type: 'land' })).toMatchObject({ ok: true });
    await expect.poll(() => telemetry?.state, { timeout: 30_000 }).not.toBe('flying');
  }, 120_000);

  it('the ground station records the processed video on request', async () => {
    const started = await client.send('capture:startRecording', { source: 'processed-camera' });
    expect(started).toMatchObject({ ok: true, data: { recording: true } });
    await new Promise((r) => setTimeout(r, 2500));
    const stopped = await client.send('capture:stopRecording', {});
    if (!stopped.ok) throw new Error(stopped.error.message);
    const item = (stopped.data as { item: GalleryItem }).item;
    const file = path.join(stack.mediaDir, 'items', `${item.id}.mp4`);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file]).toString().trim();
    expect(probe).toBe('h264,640,480');
    expect(item.durationMs).toBeGreaterThan(1500);
  }, 60_000);

  it('processes every phone camera: a second phone gets its own processed video', async () => {
    // Another browser, so its fake camera is the moving test pattern rather than the person.
    const other = await launchChromium();
    try {
      const second = await openPhonePage(other, stack.pilotUrl);
      await second.getByTestId('camera-start').tap();
      await second.waitForSelector('[data-testid="camera-state"][data-state="sending"]', { timeout: 20_000 });
      const pairs = async (): Promise<number> => {
        const reply = await client.send('media:listProducers', {});
        if (!reply.ok) return 0;
        const producers = (reply.data as { producers: ProducerInfo[] }).producers;
        const cameras = producers.filter((p) => p.source === 'phone-camera');
        return cameras.filter((c) => producers.some((p) => p.source === 'processed-camera' && p.of === c.producerId)).length;
      };
      await expect.poll(pairs, { timeout: 60_000 }).toBe(2);
      // Each phone shows the processed video of its own camera.
      for (const phone of [page, second]) {
        await phone.waitForFunction(() => (document.querySelector('[data-testid="processed-video"]') as HTMLVideoElement | null)?.videoWidth, undefined, {
          timeout: 30_000,
        });
      }
      await second.close();
      // The second phone gone, its processed video goes too.
      await expect.poll(pairs, { timeout: 20_000 }).toBe(1);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('sends processed frames that differ from the camera where the skeleton is drawn', async () => {
    const camera = receive('phone-camera');
    const processed = receive('processed-camera');
    try {
      await expect.poll(() => Math.min(camera.frames.length, processed.frames.length), { timeout: 30_000 }).toBeGreaterThan(5);
      const input = camera.frames.at(-1)!;
      const output = processed.frames.at(-1)!;
      expect([output.width, output.height]).toEqual([input.width, input.height]);
      // The caption sits in the top-left corner; below it, only the skeleton changes the picture.
      const captionRows = Math.round(input.height * 0.12);
      let changed = 0;
      for (let row = captionRows; row < input.height; row++) {
        for (let column = 0; column < input.width; column++) {
          const i = row * input.width + column;
          if (Math.abs((output.data[i] ?? 0) - (input.data[i] ?? 0)) > 50) changed++;
        }
      }
      console.log(`pixels changed by the skeleton: ${changed}`);
      expect(changed).toBeGreaterThan(300);
    } finally {
      camera.stop();
      processed.stop();
    }
  }, 60_000);
});
