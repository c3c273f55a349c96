import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFrameStamp, type FrameStamp } from '@dronecast/protocol';
import { freePort, usageErrorOf } from '@dronecast/runtime';
import { parseCameraConfig } from './CameraConfig.ts';
import { H264RtpCamera } from './H264RtpCamera.ts';

// The simulated drone camera against real ffmpeg and ffprobe: what a passthrough receiver gets.
const format = { width: 320, height: 240, fps: 15 };
let camera: H264RtpCamera | undefined;
let dir: string | undefined;

afterEach(async () => {
  await camera?.stop();
  camera = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!fs.existsSync(file) || fs.statSync(file).size === 0) {
    if (Date.now() > until) throw new Error(`${file} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A receiver joining late (input: ffmpeg's input arguments): 3 s of the stream as it came (stream copy) and 30 decoded frames as RGBA. */
async function receive(input: string[], copy: string): Promise<Buffer[]> {
  const frameBytes = format.width * format.height * 4;
  const receiver = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', ...input,
    '-map', '0:v', '-c', 'copy', '-t', '3', '-f', 'h264', copy,
    '-map', '0:v', '-frames:v', '30', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let raw = Buffer.alloc(0);
  let stderr = '';
  receiver.stdout.on('data', (chunk: Buffer) => (raw = Buffer.concat([raw, chunk])));
  receiver.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => receiver.once('close', resolve));
  if (code !== 0) throw new Error(`receiver ffmpeg exited ${code}: ${stderr}`);
  return Array.from({ length: Math.floor(raw.length / frameBytes) }, (_, i) => raw.subarray(i * frameBytes, (i + 1) * frameBytes));
}

/** The NAL unit types of an Annex B H.264 stream, in order. */
function nalUnitTypes(stream: Buffer): number[] {
  const types: number[] = [];
  for (let i = 0; i + 3 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      types.push(stream[i + 3]! & 0x1f);
      i += 3;
    }
  }
  return types;
}

describe('npm run camera: the test pattern as H.264 RTP, as a companion computer sends it', () => {
  it('sends Constrained Baseline H.264 a late receiver decodes: a keyframe every second with SPS/PPS, no B-frames, stamps readable', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-camera-'));
    const sdp = path.join(dir, 'camera.sdp');
    const copy = path.join(dir, 'camera.h264');
    camera = new H264RtpCamera({ format, to: { host: '127.0.0.1', port: await freePort() }, gopSeconds: 1, bitrateKbps: 1500, sdpFile: sdp, ffmpeg: 'ffmpeg' });
    await camera.start();
    await waitForFile(sdp, 10_000);
    expect(fs.readFileSync(sdp, 'utf8')).toMatch(/a=rtpmap:96 H264\/90000/);

    const frames = await receive(['-protocol_whitelist', 'file,udp,rtp', '-i', sdp], copy);
    expect(frames.length).toBe(30);
    const stamps = frames.map((rgba) => readFrameStamp(rgba, format.width, format.height)).filter((s): s is FrameStamp => s !== undefined);
    // Lossy, but the stamp is made to survive it.
    expect(stamps.length).toBeGreaterThanOrEqual(28);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!.frameNumber).toBeGreaterThan(stamps[i - 1]!.frameNumber);
    expect(Math.abs(Date.now() - stamps.at(-1)!.captureTimeMs)).toBeLessThan(30_000);

    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,profile,has_b_frames:frame=key_frame,pict_type', '-of', 'json', copy], { encoding: 'utf8' });
    const probed = JSON.parse(probe.stdout) as { streams: { codec_name: string; profile: string; has_b_frames: number }[]; frames: { key_frame: number; pict_type: string }[] };
    expect(probed.streams[0]).toMatchObject({ codec_name: 'h264', profile: 'Constrained Baseline', has_b_frames: 0 });
    expect(probed.frames.some((f) => f.pict_type === 'B')).toBe(false);
    // The copy starts at a keyframe the receiver could decode (SPS/PPS came with it), and the next come every 15 frames.
    const keys = probed.frames.flatMap((f, i) => (f.key_frame === 1 ? [i] : []));
    expect(keys[0]).toBe(0);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < keys.length; i++) expect(keys[i]! - keys[i - 1]!).toBe(format.fps);
    // In band: an SPS (NAL type 7) before every IDR (type 5), not only in the SDP.
    const nalTypes = nalUnitTypes(fs.readFileSync(copy));
    const idrs = nalTypes.flatMap((type, i) => (type === 5 && nalTypes[i - 1] !== 5 ? [i] : []));
    expect(idrs.length).toBe(keys.length);
    for (const idr of idrs) expect(nalTypes.slice(Math.max(0, idr - 3), idr)).toContain(7);
  }, 60_000);

  it('says why when ffmpeg is missing, and refuses a bad destination or pattern', async () => {
    camera = new H264RtpCamera({ format, to: { host: '127.0.0.1', port: 5600 }, gopSeconds: 1, bitrateKbps: 1500, ffmpeg: '/nonexistent/ffmpeg' });
    await expect(camera.start()).rejects.toThrow('ffmpeg not found (/nonexistent/ffmpeg): apt-get install ffmpeg');
    expect(usageErrorOf(() => parseCameraConfig(['--to', 'udp:drone.local:5600']))).toMatch(/--to must be udp:IP:PORT/);
    expect(usageErrorOf(() => parseCameraConfig(['--to', 'tcp:127.0.0.1:5600']))).toMatch(/--to must be udp:IP:PORT/);
    expect(usageErrorOf(() => parseCameraConfig(['--pattern', 'big']))).toMatch(/--pattern/);
    expect(parseCameraConfig([])).toMatchObject({ to: { host: '127.0.0.1', port: 5600 }, container: 'rtp', format: { width: 640, height: 480, fps: 30 }, gopSeconds: 1, bitrateKbps: 2000 });
    expect(parseCameraConfig(['--rtsp', '8554'])).toMatchObject({ rtspPort: 8554, container: 'rtp' });
    for (const clash of [['--to', 'udp:127.0.0.1:5600'], ['--container', 'mpegts'], ['--sdp-file', 'x.sdp']]) {
      expect(usageErrorOf(() => parseCameraConfig(['--rtsp', '8554', ...clash]))).toMatch(/--rtsp serves the camera itself/);
    }
    expect(usageErrorOf(() => parseCameraConfig(['--rtsp', '70000']))).toMatch(/--rtsp/);
  });

  it('sends the same H.264 in MPEG-TS over UDP with --container mpegts, which ffmpeg reads without an SDP', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-camera-'));
    const copy = path.join(dir, 'camera.h264');
    const port = await freePort();
    // The receiver binds the port the camera sends to, as the ground agent's --camera udp:// does.
    const received = receive(['-i', `udp://127.0.0.1:${port}`], copy);
    camera = new H264RtpCamera({ format, to: { host: '127.0.0.1', port }, container: 'mpegts', gopSeconds: 1, bitrateKbps: 1500, ffmpeg: 'ffmpeg' });
    await camera.start();

    const frames = await received;
    expect(frames.length).toBe(30);
    const stamps = frames.map((rgba) => readFrameStamp(rgba, format.width, format.height)).filter((s): s is FrameStamp => s !== undefined);
    expect(stamps.length).toBeGreaterThanOrEqual(28);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!.frameNumber).toBeGreaterThan(stamps[i - 1]!.frameNumber);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,profile,has_b_frames:frame=key_frame,pict_type', '-of', 'json', copy], { encoding: 'utf8' });
    const probed = JSON.parse(probe.stdout) as { streams: { codec_name: string; profile: string; has_b_frames: number }[]; frames: { key_frame: number; pict_type: string }[] };
    // The encode is the RTP camera's: the two ground agent paths compare the same picture.
    expect(probed.streams[0]).toMatchObject({ codec_name: 'h264', profile: 'Constrained Baseline', has_b_frames: 0 });
    const keys = probed.frames.flatMap((f, i) => (f.key_frame === 1 ? [i] : []));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < keys.length; i++) expect(keys[i]! - keys[i - 1]!).toBe(format.fps);
  }, 60_000);

  it('takes --container rtp or mpegts, and an SDP file with RTP only', () => {
    expect(parseCameraConfig(['--container', 'mpegts'])).toMatchObject({ container: 'mpegts', sdpFile: undefined });
    expect(usageErrorOf(() => parseCameraConfig(['--container', 'flv']))).toMatch(/--container must be one of rtp, mpegts/);
    expect(usageErrorOf(() => parseCameraConfig(['--container', 'mpegts', '--sdp-file', '/tmp/camera.sdp']))).toMatch(/--sdp-file describes RTP only/);
  });
});
