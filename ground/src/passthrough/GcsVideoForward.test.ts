import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFrameStamp } from '@dronecast/protocol';
import { freePort } from '@dronecast/runtime';
import { H264RtpCamera } from '../camera/H264RtpCamera.ts';
import { GcsVideoForward } from './GcsVideoForward.ts';
import { RtpCameraIngest } from './RtpCameraIngest.ts';

const format = { width: 320, height: 240, fps: 15 };
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** ffmpeg as the ground station's player: joins from the SDP, decodes `count` frames to RGBA. */
async function play(sdpFile: string, count: number): Promise<Buffer[]> {
  const frameBytes = format.width * format.height * 4;
  const player = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-protocol_whitelist', 'file,udp,rtp', '-i', sdpFile, '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => void player.kill('SIGKILL'));
  const chunks: Buffer[] = [];
  let stderr = '';
  player.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  player.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => player.once('close', resolve));
  if (code !== 0) throw new Error(`player ffmpeg exited ${code}: ${stderr}`);
  const raw = Buffer.concat(chunks);
  return Array.from({ length: Math.floor(raw.length / frameBytes) }, (_, i) => raw.subarray(i * frameBytes, (i + 1) * frameBytes));
}

describe('the camera to a ground control station (--gcs-video)', () => {
  it('sends the camera\'s H.264 as RTP an SDP player decodes, with the stamps intact (no re-encode)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-gcs-video-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const ingest = new RtpCameraIngest({ host: '127.0.0.1', port: 0 });
    await ingest.start();
    cleanups.push(() => ingest.stop());
    const forward = new GcsVideoForward({ ingest, host: '127.0.0.1', port: await freePort() });
    forward.start();
    cleanups.push(() => forward.stop());
    const sdpFile = path.join(dir, 'gcs.sdp');
    fs.writeFileSync(sdpFile, forward.sdp());
    expect(forward.sdp()).toMatch(/m=video \d+ RTP\/AVP 96\na=rtpmap:96 H264\/90000/);

    const camera = new H264RtpCamera({ format, to: { host: '127.0.0.1', port: ingest.port! }, gopSeconds: 1, bitrateKbps: 800, ffmpeg: 'ffmpeg' });
    await camera.start();
    cleanups.push(() => camera.stop());

    const frames = await play(sdpFile, 20);
    expect(frames.length).toBe(20);
    const stamps = frames.map((rgba) => readFrameStamp(rgba, format.width, format.height)).filter((s) => s !== undefined);
    expect(stamps.length).toBeGreaterThanOrEqual(18);
    expect(forward.packetsSent).toBeGreaterThan(20);
  }, 30_000);
});
