import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { readFrameStamp } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { SignalingLink, WebRtcSubscriber, type ReceivedFrame } from '@dronecast/peer';
import { tokenOf } from './support/signalingClient.ts';

let stack: LoopbackStack;
let link: SignalingLink;
let subscriber: WebRtcSubscriber;
const frames: ReceivedFrame[] = [];

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  // Any token that may consume drone-camera will do; the pose worker and the ground agent use theirs.
  link = new SignalingLink({
    url: stack.origin,
    token: tokenOf(stack.pilotUrl),
    ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
    logger: createLogger('test-subscriber'),
    tokenName: 'pilot token',
  });
  subscriber = new WebRtcSubscriber({ link, mediaSource: 'drone-camera', logger: createLogger('test-subscriber') });
  subscriber.on('frame', (frame) => frames.push(frame));
  subscriber.start();
  link.connect();
}, 120_000);

afterAll(async () => {
  subscriber?.stop();
  link?.close();
  await stack?.stop();
});

/** Frames received from now on, within `ms`. */
async function framesWithin(ms: number): Promise<ReceivedFrame[]> {
  const start = frames.length;
  await new Promise((r) => setTimeout(r, ms));
  return frames.slice(start);
}

describe('WebRtcSubscriber: a producer received as I420 frames in Node (wrtc)', () => {
  it('receives the drone camera at its size and rate, stamps intact', async () => {
    await expect.poll(() => frames.length, { timeout: 30_000 }).toBeGreaterThan(15);
    const recent = await framesWithin(2000);
    expect(recent.length).toBeGreaterThan(20); // 15 fps for 2 s, give or take a busy machine
    const last = recent.at(-1)!;
    expect([last.width, last.height, last.data.length]).toEqual([320, 240, 320 * 240 * 1.5]);
    // The test pattern's barcode survives VP8 and wrtc's decoder: a real picture, not noise.
    const stamped = recent.filter((f) => readFrameStamp(grey(f), f.width, f.height) !== undefined);
    expect(stamped.length).toBeGreaterThan(recent.length / 2);
    expect(subscriber.current?.source).toBe('drone-camera');
  }, 60_000);

  it('receives again after the SFU crashes and restarts', async () => {
    const restarted = stack.stack.nextSfuReady();
    stack.stack.sfu.kill('SIGKILL');
    await restarted;
    const before = frames.length;
    await expect.poll(() => frames.length - before, { timeout: 60_000 }).toBeGreaterThan(30);
  }, 90_000);
});

/** The Y plane as RGBA (grey), which is what readFrameStamp reads. */
function grey(frame: ReceivedFrame): Uint8ClampedArray {
  const pixels = frame.width * frame.height;
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    const y = frame.data[i] ?? 0;
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = y;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
