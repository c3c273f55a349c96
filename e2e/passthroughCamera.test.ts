import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeJpegFrame, frameRelayEvents, framesNamespace, readFrameStamp, type DroneEvent, type GalleryItem, type JpegFrameHeader, type VideoQuality } from '@dronecast/protocol';
import { H264RtpCamera } from '@dronecast/ground/camera';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { launchChromium } from './support/browser.ts';
import { openPhonePage, pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { consumeDroneCamera, playoutDelayUri } from './support/consumeDroneCamera.ts';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

// A drone camera's H.264 RTP (the simulated camera: libx264, as a companion computer sends it)
// through the ground agent into mediasoup and on to a phone page, with no re-encode on the way.
let camera: H264RtpCamera;
let stack: LoopbackStack;
let browser: Browser;
let page: Page;
let pilot: TestClient;

/** Between the camera and the agent, so the test sees what the agent sends back to the camera (RTCP). */
let relay: { into: dgram.Socket; out: dgram.Socket; fromAgent: Buffer[] };
/** The port the ground agent takes the camera on. */
let agentPort: number;
let cameraSsrc: number | undefined;

beforeAll(async () => {
  const port = await freePort();
  agentPort = port;
  relay = { into: dgram.createSocket('udp4'), out: dgram.createSocket('udp4'), fromAgent: [] };
  await new Promise<void>((resolve) => relay.into.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => relay.out.bind(0, '127.0.0.1', resolve));
  relay.into.on('message', (packet) => {
    cameraSsrc ??= packet.readUInt32BE(8);
    relay.out.send(packet, port, '127.0.0.1');
  });
  relay.out.on('message', (packet) => relay.fromAgent.push(packet));
  camera = new H264RtpCamera({ format: { width: 640, height: 480, fps: 30 }, to: { host: '127.0.0.1', port: relay.into.address().port }, gopSeconds: 1, bitrateKbps: 1500, ffmpeg: 'ffmpeg' });
  await camera.start();
  stack = await startLoopbackStack({ camera: `rtp:127.0.0.1:${port}` });
  browser = await launchChromium();
  page = await openPhonePage(browser, stack.pilotUrl);
  pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), `${stack.dir}/certs`);
}, 120_000);

afterAll(async () => {
  pilot?.close();
  await browser?.close();
  await stack?.stop();
  await camera?.stop();
  relay?.into.close();
  relay?.out.close();
});

describe('an H.264 camera passed through to the phone', () => {
  it('plays on the phone page as H.264, at the camera\'s size, with stamps read', async () => {
    const stats = await waitForMoreFrames(page, 90, 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await pageStats(page))}\n${await stack.logs()}`);
    });
    expect(stats.codec).toBe('video/H264');
    expect(stats.video).toBe('playing');
    expect([stats.width, stats.height]).toEqual([640, 480]);
    expect(stats.framesStamped).toBeGreaterThan(stats.framesPresented * 0.6);
    expect(stats.latencyMs.p50).toBeLessThan(2000);
  }, 90_000);

  it('carries a zero playout delay to the phone, and refuses a phone that cannot decode H.264 in words it can show', async () => {
    const viewer = await connectClient(stack.origin, tokenOf(stack.viewerUrl), `${stack.dir}/certs`);
    try {
      const consumed = await consumeDroneCamera(viewer);
      expect(consumed.rtpParameters?.codecs[0]?.mimeType).toBe('video/H264');
      expect(consumed.rtpParameters?.headerExtensions.map((e) => e.uri)).toContain(playoutDelayUri);
      const refused = (await consumeDroneCamera(viewer, (router) => ({ ...router, codecs: router.codecs.filter((c) => c.mimeType !== 'video/H264') }))).answer;
      expect(refused.ok ? '' : `${refused.error.code}: ${refused.error.message}`).toMatch(/^MEDIA_ERROR: this device cannot decode H264, which drone-camera sends/);
    } finally {
      viewer.close();
    }
  });

  it('passes a phone\'s keyframe request on to the camera as an RTCP PLI, where the camera listens for RTCP', async () => {
    // The camera multiplexes RTCP on its RTP port (a sender report from there says so).
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = 200;
    sr.writeUInt16BE(6, 2);
    relay.out.send(sr, agentPort, '127.0.0.1');
    relay.fromAgent.length = 0;
    // A phone joining asks for a keyframe (mediasoup sends the producer a PLI when its consumer starts).
    const second = await openPhonePage(browser, stack.viewerUrl);
    try {
      await waitForMoreFrames(second, 10, 30_000);
      await expect.poll(() => relay.fromAgent.find((p) => p[1] === 206 && (p[0]! & 0x1f) === 1), { timeout: 10_000 }).toBeDefined();
      const pli = relay.fromAgent.find((p) => p[1] === 206)!;
      expect(pli.readUInt32BE(8)).toBe(cameraSsrc);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('announces the quality as the camera\'s, and refuses to change what belongs to the camera', async () => {
    const quality = await new Promise<VideoQuality>((resolve) => {
      pilot.socket.once('video:quality', resolve);
      void pilot.send('control:acquire', {});
      void pilot.send('video:setQuality', { jpegQuality: 70 });
    });
    expect(quality).toMatchObject({ resolution: '640x480', fps: 30, jpegQuality: 70, camera: { codec: 'H264' } });
    const refused = await pilot.send('video:setQuality', { resolution: '1280x720' });
    expect(refused.ok ? '' : refused.error.message).toMatch(/the camera sets its own resolution: its H264 is passed through/);
  });

  it('sends JPEG frames over websocket, decoded from the camera only while a phone watches them', async () => {
    const received: { header: JpegFrameHeader; jpeg: Uint8Array }[] = [];
    const phone = io(`${stack.origin}${framesNamespace}`, {
      auth: { token: tokenOf(stack.viewerUrl) },
      transports: ['websocket'],
      ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
    });
    try {
      phone.on(frameRelayEvents.frame, (message: ArrayBuffer | Uint8Array) => {
        received.push(decodeJpegFrame(message instanceof Uint8Array ? message : new Uint8Array(message)));
      });
      const ack = (await phone.timeout(10_000).emitWithAck(frameRelayEvents.subscribe, {})) as { ok: boolean };
      expect(ack.ok).toBe(true);
      await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(10);
      const last = received.at(-1)!;
      expect([last.header.width, last.header.height]).toEqual([640, 480]);
      // The picture is the camera's: its stamp reads back from the decoded JPEG.
      const { data, info } = await sharp(last.jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(readFrameStamp(new Uint8Array(data), info.width, info.height)).toBeDefined();
    } finally {
      phone.disconnect();
    }
    // Nobody watches: the decoder stops (the agent says so in its log).
    await expect.poll(async () => (await stack.logs()).match(/nobody watches: JPEG frames paused/g)?.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(async () => /decoder stopped|stopped decoding|decoding stopped/i.test(await stack.logs()), { timeout: 10_000 }).toBe(true);
  }, 60_000);

  it('takes a photo from the camera (its latest picture decoded on request) and records it by stream copy', async () => {
    await waitForMoreFrames(page, 10, 30_000);
    const photo = await pilot.send('capture:photo', {});
    expect(photo.ok ? '' : photo.error.message).toBe('');
    const item = (photo.ok ? photo.data : {}) as GalleryItem;
    expect([item.width, item.height]).toEqual([640, 480]);
    const jpeg = fs.readFileSync(path.join(stack.mediaDir, 'items', `${item.id}.jpg`));
    const { data, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(readFrameStamp(new Uint8Array(data), info.width, info.height)).toBeDefined();

    const started = await pilot.send('capture:startRecording', {});
    expect(started.ok ? '' : started.error.message).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const stopped = await pilot.send('capture:stopRecording', {});
    expect(stopped.ok ? '' : stopped.error.message).toBe('');
    const recording = (stopped.ok ? (stopped.data as { item: GalleryItem }).item : {}) as GalleryItem;
    const file = path.join(stack.mediaDir, 'items', `${recording.id}.mp4`);
    // The camera's own stream: its profile (libx264 Constrained Baseline), not the recorder's encoder.
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,profile,width,height:format=duration', '-of', 'json', file]).toString(),
    ) as { streams: { codec_name: string; profile: string; width: number; height: number }[]; format: { duration: string } };
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', profile: 'Constrained Baseline', width: 640, height: 480 });
    expect(Number(probe.format.duration)).toBeGreaterThan(1.5);
    // It plays: every frame decodes.
    execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
  }, 60_000);
});

describe('a camera that does not send what passthrough needs', () => {
  it('is named plainly to everyone watching: a VP8 camera is told to send H.264', async () => {
    const port = await freePort();
    // A real encoder sending VP8 over RTP, as a misconfigured camera would.
    const vp8 = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15', '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '300k', '-f', 'rtp', `rtp://127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    const misconfigured = await startLoopbackStack({ camera: `rtp:127.0.0.1:${port}` });
    const viewer = await connectClient(misconfigured.origin, tokenOf(misconfigured.viewerUrl), `${misconfigured.dir}/certs`);
    try {
      const event = await new Promise<DroneEvent>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no camera event in 20 s\n${JSON.stringify(viewer.welcome)}`)), 20_000);
        viewer.socket.on('drone:event', (e) => {
          // Other camera events (a silence while ffmpeg starts) may come first.
          if (e.type !== 'camera' || !/sends VP8|does not send H\.264/.test(e.message)) return;
          clearTimeout(timer);
          resolve(e);
        });
      });
      expect(event.message).toMatch(/(sends VP8|does not send H\.264)[\s\S]*passthrough forwards H\.264 only/);
      // Nothing undecodable reaches the phones: no producer is made from it.
      const listed = await viewer.send('media:listProducers', {});
      expect(listed.ok && (listed.data as { producers: { source: string }[] }).producers.some((p) => p.source === 'drone-camera')).toBe(false);
    } finally {
      viewer.close();
      vp8.kill('SIGKILL');
      await misconfigured.stop();
    }
  }, 60_000);
});
