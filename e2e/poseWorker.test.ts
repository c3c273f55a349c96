import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { createLogger, type PoseSeen } from '@dronecast/protocol';
import { SignalingLink, WebRtcSubscriber, type ReceivedFrame } from '@dronecast/peer';
import { launchChromium } from './support/browser.ts';
import { connectClient, type TestClient } from './support/signalingClient.ts';

const width = 640;
const height = 480;
const photos = path.resolve(import.meta.dirname, '../processing/test-assets/samples.jpg');

let stack: LoopbackStack;
let browser: Browser;
let page: Page;
let tmp: string;

/** A phone camera that films a real person: a standing woman from the test photos, as a looped y4m. */
async function personVideo(dir: string): Promise<string> {
  const png = path.join(dir, 'person.png');
  await sharp(photos)
    .extract({ left: 640, top: 0, width: 150, height: 160 })
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
  page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(stack.pilotUrl);
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
