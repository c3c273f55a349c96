import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, type CaptureRequester, type RecordingState } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { GalleryStore } from '../gallery/GalleryStore.ts';
import { PassthroughFrames } from '../passthrough/PassthroughFrames.ts';
import { CameraRig } from '../passthrough/testing/CameraRig.ts';
import { TestPatternSource } from '../video/sources/TestPatternSource.ts';
import type { VideoFormat } from '../video/VideoFrame.ts';
import { DiskSpace } from './DiskSpace.ts';
import { encoderUnavailableReason } from './encoderAvailability.ts';
import { probeVideo } from './probeVideo.ts';
import { RecordingController, type RecordingControllerOptions } from './RecordingController.ts';
import { runTool } from './runTool.ts';

const logger = createLogger('test');
const pilot: CaptureRequester = { role: 'pilot', peerId: 'pilot-1' };
const position = { lat: 47.39, lon: 8.54, altRel: 12, altAbs: 500, heading: 90, stale: false };
let dir: string;
let source: TestPatternSource | undefined;
let rig: CameraRig | undefined;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'recording-test-'));
});
afterEach(async () => {
  await source?.stop();
  await rig?.stop();
  source = rig = undefined;
  await fs.rm(dir, { recursive: true, force: true });
});

async function setUp(format: VideoFormat, freeBytes: () => number = () => 1e12, more: Partial<RecordingControllerOptions> = {}) {
  const feed = new TestPatternSource({ format });
  source = feed;
  await feed.start();
  const store = await GalleryStore.open(dir, logger);
  const disk = new DiskSpace(dir, 100_000_000, async () => freeBytes());
  const recordings = new RecordingController({ feed, store, disk, clock: Date.now, position: () => position, logger, tickMs: 200, ...more });
  const states: RecordingState[] = [];
  recordings.on('state', (state) => states.push(state));
  return { store, recordings, states, feed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function refusal(promise: Promise<unknown>): Promise<ProtocolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ProtocolError)) throw new Error(`expected a ProtocolError, got ${String(error)}`);
  return error;
}

describe('RecordingController (real ffmpeg and ffprobe)', () => {
  it('records 5 s of the test pattern to H.264 MP4 of the source size and length, into the gallery', async () => {
    const { store, recordings, states } = await setUp({ width: 640, height: 480, fps: 30 });
    // Five seconds from the request: the recording starts with the first frame after it, not when ffmpeg is up.
    const asked = performance.now();
    const started = await recordings.start(pilot);
    expect(started).toMatchObject({ recording: true, resolution: '640x480', fps: 30, startedBy: pilot });
    await sleep(5000 - (performance.now() - asked));
    const item = await recordings.stop();
    const probe = await probeVideo(path.join(dir, 'items', `${item.id}.mp4`));
    expect([probe.codec, probe.width, probe.height]).toEqual(['h264', 640, 480]);
    expect(probe.durationMs).toBeGreaterThan(4500);
    expect(probe.durationMs).toBeLessThan(5500);
    expect(item).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 640, height: 480, codec: 'h264', capturedBy: pilot, position, endReason: 'requested' });
    expect(item.durationMs).toBe(probe.durationMs);
    expect(store.list({ limit: 10 }).items.map((i) => i.id)).toEqual([item.id]);
    expect(await fs.readdir(path.join(dir, 'recording'))).toEqual([]);
    // Everyone heard it run, with its duration growing, and then stop.
    const running = states.filter((s) => s.recording);
    expect(running.length).toBeGreaterThanOrEqual(5);
    expect(running.at(-1)?.durationMs).toBeGreaterThan(3500);
    expect(running.at(-1)?.sizeBytes).toBeGreaterThan(0);
    expect(states.at(-1)).toMatchObject({ recording: false, lastEnd: { reason: 'requested', id: item.id } });
  });

  it('refuses a second start and a stop with nothing running', async () => {
    const { recordings } = await setUp({ width: 320, height: 240, fps: 15 });
    expect((await refusal(recordings.stop())).code).toBe('INVALID_STATE');
    await recordings.start(pilot);
    const twice = await refusal(recordings.start({ role: 'console', peerId: 'c' }));
    expect([twice.code, twice.message]).toEqual(['INVALID_STATE', expect.stringMatching(/already running/)]);
    await recordings.stop();
  });

  it('stops and keeps the file when the source stops', async () => {
    const { store, recordings, states, feed } = await setUp({ width: 320, height: 240, fps: 15 });
    await recordings.start(pilot);
    await sleep(1200);
    await feed.stop();
    await expect.poll(() => states.at(-1)?.recording, { timeout: 10_000 }).toBe(false);
    const [item] = store.list({ limit: 1 }).items;
    expect(item).toMatchObject({ endReason: 'source-ended', note: expect.stringMatching(/video source stopped/) });
    expect(states.at(-1)?.lastEnd).toMatchObject({ reason: 'source-ended', id: item?.id });
  });

  it('refuses to start on a nearly full disk, and stops with a clear message when space runs low', async () => {
    let free = 50_000_000;
    const { store, recordings, states } = await setUp({ width: 320, height: 240, fps: 15 }, () => free);
    const refused = await refusal(recordings.start(pilot));
    expect(refused.message).toMatch(/disk is nearly full: 50 MB free, captures need at least 100 MB/);
    free = 5_000_000_000;
    await recordings.start(pilot);
    await sleep(1000);
    free = 90_000_000;
    await expect.poll(() => states.at(-1)?.recording, { timeout: 10_000 }).toBe(false);
    expect(states.at(-1)?.lastEnd?.message).toMatch(/recording stopped: the ground station's disk is nearly full: 90 MB free/);
    expect(store.list({ limit: 1 }).items[0]).toMatchObject({ endReason: 'low-disk', durationMs: expect.any(Number) });
  });

  it('finishes the file when the agent shuts down', async () => {
    const { store, recordings } = await setUp({ width: 320, height: 240, fps: 15 });
    await recordings.start(pilot);
    await sleep(1000);
    await recordings.shutdown();
    expect(store.list({ limit: 1 }).items[0]?.endReason).toBe('shutdown');
    expect(recordings.state.recording).toBe(false);
  });

  it('without a working H.264 encoder: says why in its state, and refuses a start at once without touching the disk', async () => {
    const tools = { ffmpegPath: path.join(dir, 'no-such-ffmpeg') };
    const unavailable = await encoderUnavailableReason(tools);
    expect(unavailable).toMatch(/no ffmpeg \(the H\.264 encoder\) at .*no-such-ffmpeg — install ffmpeg \(sudo apt-get install ffmpeg\)$/);
    let diskAsked = 0;
    const free = (): number => {
      diskAsked++;
      return 1e12;
    };
    const { store, recordings, states } = await setUp({ width: 320, height: 240, fps: 15 }, free, { ...tools, unavailable });
    const before = await fs.readdir(dir, { recursive: true });
    expect(recordings.state).toMatchObject({ recording: false, unavailable });
    for (const source of ['drone-camera', 'processed-camera'] as const) {
      const refused = await refusal(recordings.start(pilot, source));
      expect([refused.code, refused.message]).toEqual(['UNAVAILABLE', unavailable]);
    }
    expect(diskAsked).toBe(0);
    expect(await fs.readdir(dir, { recursive: true })).toEqual(before);
    expect(await fs.readdir(store.recordingDir)).toEqual([]);
    expect(states).toEqual([]);
    expect(recordings.currentId).toBeUndefined();
  });

  it('says nothing against recording when the encoder works, and nothing while one runs', async () => {
    const { recordings } = await setUp({ width: 320, height: 240, fps: 15 }, undefined, { unavailable: await encoderUnavailableReason() });
    expect(recordings.state.unavailable).toBeNull();
    expect((await recordings.start(pilot)).unavailable).toBeNull();
    await recordings.stop();
  });

  it('records a passthrough H.264 camera by stream copy: its own stream, nothing decoded, ended with the camera', async () => {
    rig = await CameraRig.start({ width: 640, height: 480, fps: 30 });
    const frames = new PassthroughFrames({ accessUnits: rig.depacketizer, description: 'H.264 camera rtp:127.0.0.1', logger });
    await frames.start();
    await rig.keyframes(1);
    const store = await GalleryStore.open(dir, logger);
    const recordings = new RecordingController({ feed: frames, store, disk: new DiskSpace(dir, 100_000_000, async () => 1e12), clock: Date.now, position: () => position, logger, tickMs: 200 });
    const states: RecordingState[] = [];
    recordings.on('state', (state) => states.push(state));
    expect(await recordings.start(pilot)).toMatchObject({ recording: true, resolution: '640x480', fps: 30 });
    await rig.keyframes(3);
    // The camera stops: the recording ends and is kept.
    await frames.stop();
    await expect.poll(() => states.at(-1)?.recording, { timeout: 10_000 }).toBe(false);
    const [item] = store.list({ limit: 1 }).items;
    expect(item).toMatchObject({ kind: 'video', codec: 'h264', width: 640, height: 480, endReason: 'source-ended' });
    expect(item!.durationMs).toBeGreaterThan(2000);
    // The camera's Constrained Baseline, not the Main profile the encoding recorder writes; and no decoder ran.
    const { stdout } = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=profile', '-of', 'csv=p=0', path.join(dir, 'items', `${item!.id}.mp4`)]);
    expect(stdout.toString().trim()).toBe('Constrained Baseline');
    expect(frames.stats.decoderStarts).toBe(0);
  }, 40_000);
});
