import fs from 'node:fs';
import sharp from 'sharp';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { decodeJpegFrame, frameRelayEvents, framesNamespace, type JpegFrameHeader } from '@dronecast/protocol';
import { connectClient, tokenOf } from './support/signalingClient.ts';

let stack: LoopbackStack;
let phone: Socket;
const received: { at: number; header: JpegFrameHeader; jpeg: Uint8Array }[] = [];

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:640x480@30' });
  phone = io(`${stack.origin}${framesNamespace}`, {
    auth: { token: tokenOf(stack.viewerUrl) },
    transports: ['websocket'],
    ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
  });
  phone.on(frameRelayEvents.frame, (message: ArrayBuffer | Uint8Array) => {
    const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
    received.push({ at: performance.now(), ...decodeJpegFrame(bytes) });
  });
  const ack = (await phone.timeout(10_000).emitWithAck(frameRelayEvents.subscribe, {})) as { ok: boolean };
  expect(ack.ok).toBe(true);
}, 120_000);

afterAll(async () => {
  phone?.disconnect();
  await stack?.stop();
});

describe('JPEG frames over websocket, ground agent -> SFU -> phone', () => {
  it('delivers binary JPEG frames with a parseable header at the source size', async () => {
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(20);
    const last = received.at(-1)!;
    expect([last.header.width, last.header.height]).toEqual([640, 480]);
    const meta = await sharp(last.jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 480]);
    const numbers = received.map((f) => f.header.frameNumber);
    expect(numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? 0))).toBe(true);
    // The capture time is on the SFU's clock (same machine here): latency is small and positive.
    expect(Date.now() - last.header.captureTimeMs).toBeGreaterThanOrEqual(0);
  }, 30_000);

  it('follows a live change of resolution, frame rate and JPEG quality', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
    try {
      const bigJpeg = received.at(-1)!.jpeg.length;
      const changed = await pilot.send('video:setQuality', { resolution: '320x240', fps: 10, jpegQuality: 20 });
      expect(changed.ok).toBe(true);
      const asked = performance.now();
      await expect.poll(() => received.at(-1)?.header.width, { timeout: 5000, interval: 20 }).toBe(320);
      console.log(`websocket: new resolution after ${Math.round(performance.now() - asked)} ms`);
      const from = performance.now();
      await new Promise((r) => setTimeout(r, 3000));
      const window = received.filter((f) => f.at >= from);
      const fps = window.length / 3;
      expect(fps).toBeGreaterThan(7);
      expect(fps).toBeLessThan(12);
      expect(window.at(-1)!.jpeg.length).toBeLessThan(bigJpeg / 3);
    } finally {
      pilot.close();
    }
  }, 30_000);
});
