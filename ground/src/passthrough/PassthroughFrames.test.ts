import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '@dronecast/protocol';
import { createLogger, processAlive } from '@dronecast/runtime';
import type { VideoFrame } from '../video/VideoFrame.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { CameraOwnsFormatError, PassthroughFrames } from './PassthroughFrames.ts';
import type { RtpPacket } from './RtpPacket.ts';
import { CameraRig, collect, stampOf } from './testing/CameraRig.ts';
import { ffmpegRtp, testSource } from './testing/ffmpegRtp.ts';

const logger = createLogger('test');
let rig: CameraRig | undefined;
let frames: PassthroughFrames | undefined;
let dir: string | undefined;

afterEach(async () => {
  const pid = frames?.decoderPid;
  await frames?.stop();
  await rig?.stop();
  if (pid !== undefined) expect(processAlive(pid)).toBe(false);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  rig = frames = dir = undefined;
});

const nextFrames = (source: PassthroughFrames, count: number, timeoutMs = 10_000) =>
  collect<VideoFrame>((take) => {
    source.on('frame', take);
    return () => source.off('frame', take);
  }, count, timeoutMs, 'frames');

/** Packets of several streams one after another, as one camera whose settings changed would send them. */
function concatenated(...streams: RtpPacket[][]): RtpPacket[] {
  let sequence = 0;
  let timestamp = 0;
  return streams.flatMap((stream) => {
    const first = stream[0]!.timestamp;
    const out = stream.map((p) => ({ ...p, sequenceNumber: sequence++ & 0xffff, timestamp: (timestamp + p.timestamp - first) >>> 0 }));
    timestamp = out.at(-1)!.timestamp + 3000;
    return out;
  });
}

describe('PassthroughFrames (the simulated camera, real ffmpeg)', () => {
  it('decodes only while something needs frames, from a keyframe, with the stamps intact and arrival times as capture times', async () => {
    rig = await CameraRig.start({ width: 320, height: 240, fps: 15 });
    frames = new PassthroughFrames({ accessUnits: rig.depacketizer, description: 'H.264 camera (test)', logger });
    const received: VideoFrame[] = [];
    frames.on('frame', (frame) => received.push(frame));
    await frames.start();
    await rig.keyframes(2);
    // Nobody asked: the camera streams, nothing decodes.
    expect(frames.decoderPid).toBeUndefined();
    expect(received).toEqual([]);
    expect(frames.format).toEqual({ width: 320, height: 240, fps: 15 });

    frames.setDemand('websocket', true);
    frames.setDemand('mqtt', true);
    const decoded = await nextFrames(frames, 20);
    const pid = frames.decoderPid!;
    expect(processAlive(pid)).toBe(true);
    for (const frame of decoded) expect([frame.width, frame.height, frame.data.length]).toEqual([320, 240, 320 * 240 * 1.5]);
    const stamps = decoded.map(stampOf);
    expect(stamps.filter((s) => s === undefined)).toHaveLength(0);
    // Every picture the camera sent since the keyframe, in order, none twice.
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!.frameNumber).toBe(stamps[i - 1]!.frameNumber + 1);
    // The capture time is when the picture arrived: after the camera stamped it, by its encode and the network.
    for (const [i, frame] of decoded.entries()) {
      const delay = frame.captureTimeMs - stamps[i]!.captureTimeMs;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2000);
    }
    expect(decoded.map((f) => f.frameNumber)).toEqual(decoded.map((_, i) => i));

    // One reason gone: still decoding. The last gone: the decoder goes too.
    frames.setDemand('websocket', false);
    expect(frames.decoderPid).toBe(pid);
    frames.setDemand('mqtt', false);
    expect(frames.decoderPid).toBeUndefined();
    await expect.poll(() => processAlive(pid), { timeout: 5000 }).toBe(false);
    const after = received.length;
    await rig.keyframes(1);
    expect(received.length).toBe(after);

    // Asked again: a new decoder, from the next keyframe.
    frames.setDemand('websocket', true);
    const again = await nextFrames(frames, 5);
    expect(frames.decoderPid).not.toBe(pid);
    expect(again.map(stampOf).every((s) => s !== undefined)).toBe(true);
  }, 40_000);

  it('restarts a decoder that died at the next keyframe, and leaves the resolution and frame rate to the camera', async () => {
    rig = await CameraRig.start({ width: 320, height: 240, fps: 15 });
    frames = new PassthroughFrames({ accessUnits: rig.depacketizer, description: 'H.264 camera (test)', logger });
    await frames.start();
    frames.setDemand('websocket', true);
    await nextFrames(frames, 3);
    const pid = frames.decoderPid!;
    process.kill(pid, 'SIGKILL');
    const after = await nextFrames(frames, 5);
    expect(frames.decoderPid).not.toBe(pid);
    expect(after.map(stampOf).every((s) => s !== undefined)).toBe(true);
    expect(frames.stats.decoderStarts).toBe(2);
    const refused = await frames.setFormat({ width: 640, height: 480, fps: 30 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CameraOwnsFormatError);
    expect((refused as Error).message).toBe('the resolution and frame rate of H.264 camera (test) are set on the camera: passthrough does not re-encode');
  }, 40_000);

  it('follows the camera to a new size with a new decoder, losing no picture of either', async () => {
    const small = await ffmpegRtp([...testSource({ seconds: 1, size: '320x240' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-x264-params', 'repeat-headers=1']);
    const large = await ffmpegRtp([...testSource({ seconds: 1, size: '640x480' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-x264-params', 'repeat-headers=1']);
    let now = 0;
    const depacketizer = new H264Depacketizer({ now: () => now });
    frames = new PassthroughFrames({ accessUnits: depacketizer, description: 'H.264 camera (test)', logger });
    await frames.start();
    frames.setDemand('test', true);
    const all = nextFrames(frames, 60, 20_000);
    for (const packet of concatenated(small, large)) {
      depacketizer.push(packet);
      now += 1;
    }
    const decoded = await all;
    expect(decoded.map((f) => `${f.width}x${f.height}`)).toEqual([...Array<string>(30).fill('320x240'), ...Array<string>(30).fill('640x480')]);
    // Capture times are the access units' arrivals, in order.
    for (let i = 1; i < decoded.length; i++) expect(decoded[i]!.captureTimeMs).toBeGreaterThan(decoded[i - 1]!.captureTimeMs);
    expect(frames.format).toMatchObject({ width: 640, height: 480, fps: 30 });
    expect(frames.stats.decoderStarts).toBe(2);
  }, 40_000);

  it('skips to the next keyframe when the decoder falls behind, and keeps every frame matched to its picture', async () => {
    const stream = await ffmpegRtp([...testSource({ seconds: 4, size: '640x480' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-x264-params', 'repeat-headers=1']);
    // A decoder that reads nothing for its first second, as on a busy machine.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passthrough-frames-'));
    const slow = path.join(dir, 'slow-ffmpeg.sh');
    fs.writeFileSync(slow, '#!/bin/sh\nsleep 1\nexec ffmpeg "$@"\n', { mode: 0o755 });
    let now = 0;
    const depacketizer = new H264Depacketizer({ now: () => now });
    frames = new PassthroughFrames({ accessUnits: depacketizer, description: 'H.264 camera (test)', logger, ffmpegPath: slow, maxBacklogBytes: 100_000 });
    await frames.start();
    frames.setDemand('test', true);
    const arrivals: number[] = [];
    depacketizer.on('accessUnit', (unit) => arrivals.push(unit.arrivalMs));
    for (const packet of stream) {
      depacketizer.push(packet);
      now += 1;
    }
    const skipped = frames.stats.skippedAccessUnits;
    expect(skipped).toBeGreaterThan(0);
    // Every picture written comes out, each with its own arrival time, in order.
    const decoded = await nextFrames(frames, arrivals.length - skipped, 15_000);
    const times = decoded.map((f) => f.captureTimeMs);
    expect(times.every((t) => arrivals.includes(t))).toBe(true);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
  }, 40_000);

  it('without ffmpeg says so once, and tries again only when frames are asked for again', async () => {
    const stream = await ffmpegRtp([...testSource({ seconds: 2, size: '320x240' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-x264-params', 'repeat-headers=1']);
    const warnings: string[] = [];
    let warned: () => void = () => undefined;
    const listening: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => {
        warnings.push(message);
        warned();
      },
      error: () => undefined,
      child: () => listening,
    };
    const nextWarning = () => new Promise<void>((resolve) => (warned = resolve));
    const depacketizer = new H264Depacketizer({ now: () => 0 });
    frames = new PassthroughFrames({ accessUnits: depacketizer, description: 'H.264 camera (test)', logger: listening, ffmpegPath: '/nonexistent/ffmpeg' });
    await frames.start();
    frames.setDemand('websocket', true);
    const half = stream.findIndex((p) => p.timestamp === [...new Set(stream.map((q) => q.timestamp))][20]);
    let failure = nextWarning();
    stream.slice(0, half).forEach((p) => depacketizer.push(p));
    await failure;
    expect(warnings).toEqual(['ffmpeg not found (/nonexistent/ffmpeg): install it with "apt-get install ffmpeg" (decoding H.264 camera (test)); not retried until frames are asked for again']);
    // Keyframes at 30 and 45 go by without a new attempt.
    stream.slice(half, half + Math.floor((stream.length - half) / 2)).forEach((p) => depacketizer.push(p));
    expect(frames.stats.decoderStarts).toBe(1);
    // Asked again: one more attempt, at the next keyframe.
    frames.setDemand('websocket', false);
    frames.setDemand('websocket', true);
    failure = nextWarning();
    stream.slice(half + Math.floor((stream.length - half) / 2)).forEach((p) => depacketizer.push(p));
    await failure;
    expect(frames.stats.decoderStarts).toBe(2);
    expect(warnings).toHaveLength(2);
  });
});
