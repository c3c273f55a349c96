import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoFrame } from '../VideoFrame.ts';
import { i420Size } from '../VideoFrame.ts';
import { FfmpegSource, type FfmpegSourceOptions } from './FfmpegSource.ts';
import { processAlive } from '@dronecast/runtime';

const run = promisify(execFile);
let dir = '';
/** 2 s of ffmpeg's test card at 320x240@15. */
let clip = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dronecast-ffmpeg-source-'));
  clip = join(dir, 'clip.mp4');
  await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15', '-t', '2', '-c:v', 'mpeg4', clip]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** True while a process with this id exists, zombies included. */

/** A stand-in for ffmpeg: a shell script, for behaviour real ffmpeg can't be made to show on demand. */
async function fakeFfmpeg(name: string, script: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return path;
}

function framesOf(source: FfmpegSource): VideoFrame[] {
  const frames: VideoFrame[] = [];
  source.on('frame', (frame) => frames.push(frame));
  return frames;
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP port nothing listens on. */
async function unusedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

const fileSource = (options: Partial<FfmpegSourceOptions> = {}): FfmpegSource =>
  new FfmpegSource({ input: { kind: 'file', path: clip }, format: { width: 160, height: 120, fps: 10 }, ...options });

describe('FfmpegSource', () => {
  it('reads a file at exactly the requested format, looping past its end, stamped with the clock', async () => {
    let now = 5_000;
    const source = fileSource({ clock: () => (now += 10) });
    const frames = framesOf(source);
    let ended = 0;
    source.on('end', () => ended++);
    await source.start();
    expect(frames.length).toBeGreaterThanOrEqual(1);
    // The clip holds 20 frames at 10 fps; more means it looped.
    await until(() => frames.length >= 25, 10_000);
    await source.stop();
    for (const frame of frames) {
      expect([frame.width, frame.height]).toEqual([160, 120]);
      expect(frame.data.length).toBe(i420Size(160, 120));
    }
    expect(frames.map((f) => f.frameNumber)).toEqual(frames.map((_, i) => i));
    expect(frames.map((f) => f.captureTimeMs)).toEqual(frames.map((_, i) => 5_010 + i * 10));
    expect(new Set(frames.map((f) => f.data.buffer)).size).toBe(frames.length);
    expect(ended).toBe(1);
    expect(source.description).toBe(`file ${clip} (looped)`);
  });

  it('caps the frame rate by dropping frames, and repeats none of a slower source', async () => {
    // The clip: 30 frames at 15 fps, played once. At 5 fps a third of them; at 30 fps each once.
    const counts: number[] = [];
    for (const fps of [5, 30]) {
      const source = new FfmpegSource({ input: { kind: 'file', path: clip, loop: false }, format: { width: 160, height: 120, fps } });
      const frames = framesOf(source);
      const ended = once(source, 'end');
      await source.start();
      await ended;
      counts.push(frames.length);
    }
    expect(counts[0]).toBeGreaterThanOrEqual(9);
    expect(counts[0]).toBeLessThanOrEqual(11);
    expect(counts[1]).toBe(30);
  }, 20_000);

  it('refuses a missing file before running ffmpeg', async () => {
    const source = new FfmpegSource({ input: { kind: 'file', path: join(dir, 'nope.mp4') } });
    await expect(source.start()).rejects.toThrow(`video file ${join(dir, 'nope.mp4')} not found`);
  });

  it('refuses a camera that is not there', async () => {
    const source = new FfmpegSource({ input: { kind: 'v4l2', device: '/dev/video9' } });
    await expect(source.start()).rejects.toThrow(/^camera \/dev\/video9 not found \(/);
  });

  it('says how to install ffmpeg when it is missing', async () => {
    const source = fileSource({ ffmpegPath: join(dir, 'no-ffmpeg-here') });
    await expect(source.start()).rejects.toThrow('install it with "apt-get install ffmpeg"');
  });

  it('fails an unreachable RTSP camera within the start timeout, quoting ffmpeg', async () => {
    const source = new FfmpegSource({ input: { kind: 'stream', url: 'rtsp://127.0.0.1:1/none' }, startTimeoutMs: 3000 });
    const started = Date.now();
    await expect(source.start()).rejects.toThrow(/stream rtsp:\/\/127\.0\.0\.1:1\/none/);
    expect(Date.now() - started).toBeLessThan(3500);
    expect(source.pid).toBeUndefined();
  });

  it('gives up on a stream that sends nothing after startTimeoutMs, and ends ffmpeg', async () => {
    const port = await unusedPort();
    const source = new FfmpegSource({ input: { kind: 'stream', url: `udp://127.0.0.1:${port}` }, startTimeoutMs: 1000 });
    const starting = source.start();
    await until(() => source.pid !== undefined, 2000);
    const pid = source.pid ?? 0;
    await expect(starting).rejects.toThrow(`no video from stream udp://127.0.0.1:${port} within 1 s`);
    expect(processAlive(pid)).toBe(false);
  });

  it('quotes the end of stderr when ffmpeg exits before the first frame', async () => {
    const ffmpegPath = await fakeFfmpeg('fails.sh', 'echo "line 1" >&2; echo "Unknown input format: v4l2" >&2; exit 1');
    const source = fileSource({ ffmpegPath });
    await expect(source.start()).rejects.toThrow(/ffmpeg could not read file .* \(exit code 1, no frame received\):\nline 1\nUnknown input format: v4l2$/);
  });

  it('stop() ends ffmpeg and leaves no process behind, zombie or not', async () => {
    const source = fileSource();
    await source.start();
    const pid = source.pid ?? 0;
    expect(processAlive(pid)).toBe(true);
    await source.stop();
    expect(processAlive(pid)).toBe(false);
    expect(source.pid).toBeUndefined();
  });

  it('kills an ffmpeg that ignores SIGTERM after the grace period', async () => {
    const frame = i420Size(160, 120);
    const ffmpegPath = await fakeFfmpeg('stubborn.sh', `trap '' TERM; head -c ${frame} /dev/zero; while :; do sleep 1; done`);
    const source = fileSource({ ffmpegPath, killGraceMs: 300 });
    await source.start();
    const pid = source.pid ?? 0;
    const started = Date.now();
    await source.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(processAlive(pid)).toBe(false);
  });

  it('reports ffmpeg dying after start as an error with its stderr, then end', async () => {
    const source = fileSource();
    const events: string[] = [];
    source.on('error', (error) => events.push(`error: ${error.message}`));
    source.on('end', () => events.push('end'));
    await source.start();
    process.kill(source.pid ?? 0, 'SIGKILL');
    await until(() => events.includes('end'), 5000);
    expect(events).toEqual([`error: ffmpeg reading file ${clip} (looped) stopped (killed by SIGKILL)`, 'end']);
    expect(source.pid).toBeUndefined();
  });

  it('reports a stream that stalls after starting, and ends ffmpeg', async () => {
    const ffmpegPath = await fakeFfmpeg('stalls.sh', `head -c ${i420Size(160, 120)} /dev/zero; exec sleep 30`);
    const source = fileSource({ ffmpegPath, stallTimeoutMs: 300 });
    const events: string[] = [];
    source.on('error', (error) => events.push(`error: ${error.message}`));
    source.on('end', () => events.push('end'));
    await source.start();
    const pid = source.pid ?? 0;
    await until(() => events.includes('end'), 3000);
    expect(events).toEqual([`error: no video from file ${clip} (looped) for 0.3 s: the stream stalled`, 'end']);
    await until(() => !processAlive(pid), 3000);
  });

  it('setFormat restarts ffmpeg, and the following frames have the new size', async () => {
    const source = fileSource();
    const frames = framesOf(source);
    await source.start();
    const firstPid = source.pid ?? 0;
    await source.setFormat({ width: 96, height: 64, fps: 5 });
    // setFormat resolves at the first frame in the new format.
    const changedAt = frames.findIndex((f) => f.width === 96);
    expect(changedAt).toBeGreaterThan(0);
    await until(() => frames.length >= changedAt + 3, 5000);
    await source.stop();
    expect(processAlive(firstPid)).toBe(false);
    expect(frames.slice(0, changedAt).every((f) => f.width === 160)).toBe(true);
    for (const frame of frames.slice(changedAt)) {
      expect([frame.width, frame.height, frame.data.length]).toEqual([96, 64, i420Size(96, 64)]);
    }
    expect(frames.map((f) => f.frameNumber)).toEqual(frames.map((_, i) => i));
    expect(source.format).toEqual({ width: 96, height: 64, fps: 5 });
  });

  it('refuses an invalid format', async () => {
    await expect(fileSource().setFormat({ width: 161, height: 120, fps: 10 })).rejects.toThrow('width must be an even whole number');
  });

  it('start() twice runs one ffmpeg', async () => {
    const source = fileSource();
    const [a, b] = [source.start(), source.start()];
    expect(a).toBe(b);
    await a;
    await source.stop();
  });
});
