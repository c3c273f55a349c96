import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFrameStamp, type DroneEvent, type GalleryItem } from '@dronecast/protocol';
import { freeUdpPort } from '@dronecast/runtime';
import { H264RtpCamera } from '@dronecast/ground/camera';
import { RtspCameraServer } from '@dronecast/ground/rtsp-camera-server';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

// An RTSP camera, as Siyi, Herelink and companion computers serve one: the simulated drone camera
// (libx264, two slices a picture) behind GStreamer's RTSP server, with Digest authentication.
// The ground agent pulls it over RTSP/TCP and passes the H.264 to the phone without re-encoding.
let camera: H264RtpCamera;
let server: RtspCameraServer;
let rtpPort: number;
let stack: LoopbackStack;
let browser: Browser;
let page: Page;


function nextCameraEvent(client: TestClient, matching: RegExp, timeoutMs = 20_000): Promise<DroneEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no camera event matching ${matching} in ${timeoutMs / 1000} s`)), timeoutMs);
    client.socket.on('drone:event', (event) => {
      if (event.type !== 'camera' || !matching.test(event.message)) return;
      clearTimeout(timer);
      resolve(event);
    });
  });
}

beforeAll(async () => {
  rtpPort = await freeUdpPort();
  camera = new H264RtpCamera({ format: { width: 640, height: 480, fps: 30 }, to: { host: '127.0.0.1', port: rtpPort }, gopSeconds: 1, bitrateKbps: 1500, ffmpeg: 'ffmpeg' });
  await camera.start();
  server = await RtspCameraServer.start({ rtpPort, digest: 'pilot:s3cret' });
  stack = await startLoopbackStack({ camera: server.url('pilot:s3cret') });
  browser = await launchChromium();
  page = await openPhonePage(browser, stack.pilotUrl);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await server?.stop();
  await camera?.stop();
});

describe('an H.264 RTSP camera passed through to the phone', () => {
  it('plays on the phone page as H.264, whole pictures with stamps read, and the password never shown', async () => {
    const stats = await waitForMoreFrames(page, 90, 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await pageStats(page))}\n${await stack.logs()}`);
    });
    expect(stats.codec).toBe('video/H264');
    expect([stats.width, stats.height]).toEqual([640, 480]);
    // A picture cut at a slice would not read: nearly every one does.
    expect(stats.framesStamped).toBeGreaterThan(stats.framesPresented * 0.6);
    const logs = await stack.logs();
    expect(logs).toMatch(/H\.264 over RTSP from rtsp:\/\/pilot:\*\*\*@127\.0\.0\.1/);
    expect(logs).not.toContain('s3cret');
  }, 90_000);

  it('takes a photo and records by stream copy from it (GStreamer repeats SPS/PPS between the slices of a keyframe)', async () => {
    await waitForMoreFrames(page, 10, 60_000);
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
    try {
      const photo = await pilot.send('capture:photo', {});
      expect(photo.ok ? '' : photo.error.message).toBe('');
      const item = (photo.ok ? photo.data : {}) as GalleryItem;
      const { data, info } = await sharp(fs.readFileSync(path.join(stack.mediaDir, 'items', `${item.id}.jpg`))).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(readFrameStamp(new Uint8Array(data), info.width, info.height)).toBeDefined();

      const started = await pilot.send('control:acquire', {}).then(() => pilot.send('capture:startRecording', {}));
      expect(started.ok ? '' : started.error.message).toBe('');
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const stopped = await pilot.send('capture:stopRecording', {});
      expect(stopped.ok ? '' : stopped.error.message).toBe('');
      const file = path.join(stack.mediaDir, 'items', `${(stopped.ok ? (stopped.data as { item: GalleryItem }).item : { id: '' }).id}.mp4`);
      const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file]).toString().trim();
      expect(probe).toBe('h264,640,480');
      // Every frame decodes: no picture was cut at a repeated parameter set.
      execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
    } finally {
      pilot.close();
    }
  }, 60_000);

  it('tells the console when the camera goes away, and plays again when it is back', async () => {
    const pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
    try {
      const lost = nextCameraEvent(pilot, /RTSP camera/);
      const port = server.port;
      await server.stop();
      expect((await lost).message).toMatch(/^(the RTSP camera's connection ended|cannot reach the RTSP camera at 127\.0\.0\.1)/);
      server = await RtspCameraServer.start({ rtpPort, digest: 'pilot:s3cret', port });
      const stats = await waitForMoreFrames(page, 60, 60_000);
      expect(stats.codec).toBe('video/H264');
      expect(stats.video).toBe('playing');
    } finally {
      pilot.close();
    }
  }, 90_000);
});

describe('an RTSP camera that sends another codec', () => {
  it('is decoded and re-encoded to VP8 instead, and plays', async () => {
    const vp8 = await RtspCameraServer.start({ codec: 'vp8' });
    const decoded = await startLoopbackStack({ camera: vp8.url() });
    const phone = await openPhonePage(browser, decoded.viewerUrl);
    try {
      const stats = await waitForMoreFrames(phone, 30, 60_000).catch(async (error: Error) => {
        throw new Error(`${error.message}\n${JSON.stringify(await pageStats(phone))}\n${await decoded.logs()}`);
      });
      expect(stats.codec).toBe('video/VP8');
      expect(await decoded.logs()).toMatch(/sends VP8, not H\.264: it is decoded and re-encoded to VP8/);
    } finally {
      await phone.close();
      await decoded.stop();
      await vp8.stop();
    }
  }, 120_000);
});
