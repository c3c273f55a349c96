import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPort } from '@dronecast/runtime';
import { H264RtpCamera } from '../../camera/H264RtpCamera.ts';
import { H264Depacketizer } from '../H264Depacketizer.ts';
import type { H264AccessUnit } from '../H264AccessUnit.ts';
import { PassthroughPictures } from '../PassthroughPictures.ts';
import type { RtpPacket } from '../RtpPacket.ts';
import { stampOf } from '../testing/CameraRig.ts';
import { RtspCameraServer } from '../../camera/RtspCameraServer.ts';
import { RtspCameraIngest } from './RtspCameraIngest.ts';

// The simulated drone camera (ffmpeg, libx264) → GStreamer's RTSP server → the ingest: a real
// RTSP camera on loopback, as a companion computer serves one.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


async function h264Camera(options: { digest?: string; port?: number } = {}): Promise<{ server: RtspCameraServer; camera: H264RtpCamera; rtpPort: number }> {
  const rtpPort = await freeUdpPort();
  const camera = new H264RtpCamera({ format: { width: 640, height: 480, fps: 30 }, to: { host: '127.0.0.1', port: rtpPort }, gopSeconds: 1, bitrateKbps: 1000, ffmpeg: 'ffmpeg' });
  await camera.start();
  cleanups.push(() => camera.stop());
  const server = await RtspCameraServer.start({ rtpPort, ...options });
  cleanups.push(() => server.stop());
  return { server, camera, rtpPort };
}

function startIngest(url: string, options: { silenceMs?: number; retryDelayMs?: number; timeoutMs?: number } = {}) {
  const ingest = new RtspCameraIngest({ url, retryDelayMs: options.retryDelayMs ?? 200, silenceMs: options.silenceMs, timeoutMs: options.timeoutMs });
  const troubles: string[] = [];
  ingest.on('trouble', (error) => troubles.push(error.message));
  cleanups.push(() => ingest.stop());
  void ingest.start();
  return { ingest, troubles };
}

const nextPacket = (ingest: RtspCameraIngest): Promise<RtpPacket> => once(ingest, 'packet').then(([packet]) => packet as RtpPacket);

describe('RtspCameraIngest (GStreamer\'s RTSP server, the simulated camera)', () => {
  it('passes the camera\'s H.264 on as it came: whole pictures, one per frame, with readable stamps', async () => {
    const { server } = await h264Camera();
    const { ingest, troubles } = startIngest(server.url());
    const senders: number[] = [];
    ingest.on('sender', ({ ssrc }) => senders.push(ssrc));
    const depacketizer = new H264Depacketizer({ now: Date.now });
    const rejected: string[] = [];
    depacketizer.on('rejected', (reason) => rejected.push(reason));
    ingest.on('packet', (packet) => depacketizer.push(packet));
    const pictures = new PassthroughPictures({ accessUnits: depacketizer, description: 'RTSP camera (test)', now: Date.now });
    cleanups.push(() => pictures.close());

    // From one keyframe to the next (GOP 1 s at 30 fps): 30 pictures. A remuxer that marks the end
    // of every slice as the end of a picture would split them, and phones would show torn frames.
    const units: H264AccessUnit[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${units.length} access units in 20 s; trouble: ${troubles.join('; ')}`)), 20_000);
      depacketizer.on('accessUnit', (unit) => {
        if (units.length === 0 && !unit.keyframe) return;
        units.push(unit);
        if (units.filter((u) => u.keyframe).length === 3) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const keyframes = units.flatMap((unit, index) => (unit.keyframe ? [index] : []));
    expect(keyframes[2]! - keyframes[1]!).toBe(30);
    expect(rejected).toEqual([]);
    expect(troubles).toEqual([]);
    expect(senders).toHaveLength(1);

    const frame = await pictures.latest();
    expect([frame.width, frame.height]).toEqual([640, 480]);
    expect(stampOf(frame)).toBeDefined();
    expect(ingest.requestKeyframe()).toBe(false);
  }, 40_000);

  it('answers a camera\'s Digest challenge with the URL\'s user and password, and says plainly when they are missing or wrong', async () => {
    const { server } = await h264Camera({ digest: 'pilot:s3cret' });
    const allowed = startIngest(server.url('pilot:s3cret'));
    await nextPacket(allowed.ingest);
    expect(allowed.troubles).toEqual([]);

    const bare = startIngest(server.url());
    const wrong = startIngest(server.url('pilot:guess'));
    await expect.poll(() => bare.troubles, { timeout: 10_000 }).toEqual(['the camera wants a user and password: put them in the URL, rtsp://user:password@host/path (401)']);
    await expect.poll(() => wrong.troubles, { timeout: 10_000 }).toEqual(['the camera refused the user and password in the URL (401)']);
    expect(wrong.ingest.description).toBe(`H.264 over RTSP from rtsp://pilot:***@127.0.0.1:${server.port}/live`);
  }, 30_000);

  it('tells a camera that offers another codec, before and while pulling it', { timeout: 60_000 }, async () => {
    const server = await RtspCameraServer.start({ codec: 'vp8' });
    cleanups.push(() => server.stop());
    const offer = await RtspCameraIngest.offer(server.url());
    expect('track' in offer && offer.track.codec).toBe('VP8');
    const { troubles } = startIngest(server.url());
    // The first attempts may time out while the server builds its encoder on a loaded machine.
    await expect.poll(() => troubles, { timeout: 30_000 }).toContain(
      'the RTSP camera offers VP8 video, not H.264: set its encoder to H.264, or restart the agent while the camera answers, and it is decoded instead',
    );
  });

  it('says when the camera cannot be reached, and pulls it again when it is back', async () => {
    const { server, rtpPort } = await h264Camera();
    const port = server.port;
    const { ingest, troubles } = startIngest(server.url());
    const senders: number[] = [];
    ingest.on('sender', ({ ssrc }) => senders.push(ssrc));
    await nextPacket(ingest);

    await server.stop();
    await expect.poll(() => troubles.find((t) => t.startsWith(`cannot reach the RTSP camera at 127.0.0.1:${port}: connect ECONNREFUSED`)), { timeout: 10_000 }).toBeDefined();
    expect(troubles[0]).toMatch(/^the RTSP camera's connection ended: /);
    const told = troubles.length;

    const again = await RtspCameraServer.start({ rtpPort, port });
    cleanups.push(() => again.stop());
    await nextPacket(ingest);
    expect(senders).toHaveLength(2);
    // Each trouble was told once in the outage, however many attempts failed.
    expect(troubles).toHaveLength(told);
  }, 40_000);

  it('opens the session again when the camera falls silent', async () => {
    const { server, camera } = await h264Camera();
    const { ingest, troubles } = startIngest(server.url(), { silenceMs: 1000 });
    await nextPacket(ingest);
    await camera.stop();
    await expect.poll(() => troubles, { timeout: 10_000 }).toContain('the RTSP camera sent no video for 1 s: opening the session again');
  }, 30_000);

  it('names a device that answers with something other than RTSP, or not at all, and keeps trying', async () => {
    // Broken devices, not cameras: one speaks another protocol, one accepts and never answers.
    const sockets: net.Socket[] = [];
    const garbage = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const mute = net.createServer((socket) => sockets.push(socket));
    cleanups.push(() => {
      sockets.forEach((socket) => socket.destroy());
      garbage.close();
      mute.close();
    });
    await Promise.all([garbage, mute].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    const portOf = (server: net.Server): number => (server.address() as net.AddressInfo).port;
    const http = startIngest(`rtsp://127.0.0.1:${portOf(garbage)}/live`);
    const silent = startIngest(`rtsp://127.0.0.1:${portOf(mute)}/live`, { timeoutMs: 300 });
    await expect.poll(() => http.troubles, { timeout: 10_000 }).toEqual([`127.0.0.1:${portOf(garbage)} does not answer as an RTSP camera: not RTSP: "HTTP/1.1 400 Bad Request\\r\\n\\r\\n"`]);
    await expect.poll(() => silent.troubles, { timeout: 10_000 }).toEqual(['the camera did not answer DESCRIBE within 0.3 s']);
    // It tried again, and said nothing new: each trouble is told once until the video flows.
    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBeGreaterThan(1);
    expect(silent.troubles).toHaveLength(1);
  });
});
