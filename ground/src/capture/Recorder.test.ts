import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@dronecast/runtime';
import { GalleryStore } from '../gallery/GalleryStore.ts';
import { TestPatternSource } from '../video/sources/TestPatternSource.ts';
import { probeVideo } from './probeVideo.ts';
import { Recorder } from './Recorder.ts';
import { recordingFilesOf } from './RecordingInfo.ts';
import { recoverRecordings } from './recoverRecordings.ts';
import { runTool } from './runTool.ts';

const logger = createLogger('test');
let dir: string;
let source: TestPatternSource;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'recorder-test-'));
});
afterEach(async () => {
  await source?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Decodes every frame of the file (as a player would) and counts them; errors past a cut-off end are tolerated. */
async function decodableFrames(file: string): Promise<number> {
  const { stdout } = await runTool('ffprobe', ['-v', 'quiet', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
  return Number(stdout.toString().trim());
}

describe('Recorder (real ffmpeg)', () => {
  it('leaves a playable file when the encoder is killed with SIGKILL mid-recording, recovered into the gallery at the next start', async () => {
    source = new TestPatternSource({ format: { width: 640, height: 480, fps: 30 } });
    await source.start();
    const store = await GalleryStore.open(dir, logger);
    const id = '0000000000recovered1';
    const { partialFile } = recordingFilesOf(store.recordingDir, id);
    const recorder = new Recorder({ feed: source, file: partialFile });
    const failed = new Promise<Error>((resolve) => recorder.once('failed', resolve));
    await recorder.start();
    await sleep(4000);
    const written = recorder.framesWritten;
    process.kill(recorder.pid ?? 0, 'SIGKILL');
    expect((await failed).message).toMatch(/encoder \(ffmpeg\) stopped \(killed by SIGKILL\)/);

    // The partial file as the crash left it: it probes, and most of it decodes.
    const probe = await probeVideo(partialFile);
    expect([probe.codec, probe.width, probe.height]).toEqual(['h264', 640, 480]);
    expect(probe.durationMs).toBeGreaterThan(((written / 30) * 1000) * 0.6);
    expect(await decodableFrames(partialFile)).toBeGreaterThan(written * 0.6);

    // The next start puts it in the gallery (no start record: the file tells what it can).
    const reopened = await GalleryStore.open(dir, logger);
    expect(await recoverRecordings(reopened, logger)).toBe(1);
    const [item] = reopened.list({ limit: 5 }).items;
    expect(item).toMatchObject({ id, kind: 'video', endReason: 'recovered', width: 640, height: 480, codec: 'h264' });
    expect(item?.durationMs).toBeGreaterThan(2000);
    expect(await fs.readdir(store.recordingDir)).toEqual([]);
    const final = await probeVideo(path.join(dir, 'items', `${id}.mp4`));
    expect(final.durationMs).toBe(item?.durationMs);
  });

  it('keeps the size it started with when the source changes resolution mid-recording', async () => {
    source = new TestPatternSource({ format: { width: 320, height: 240, fps: 15 } });
    await source.start();
    const file = path.join(dir, 'resize.mp4');
    const recorder = new Recorder({ feed: source, file });
    await recorder.start();
    await sleep(700);
    await source.setFormat({ width: 640, height: 480, fps: 15 });
    await sleep(700);
    const result = await recorder.stop();
    expect(result).toMatchObject({ width: 320, height: 240, ending: 'finished', framesDropped: 0 });
    const probe = await probeVideo(file);
    expect([probe.width, probe.height]).toEqual([320, 240]);
    expect(await decodableFrames(file)).toBe(result.framesWritten);
  });

  it('keeps the length true when the encoder falls behind, repeating frames rather than losing time', async () => {
    source = new TestPatternSource({ format: { width: 320, height: 240, fps: 30 } });
    await source.start();
    // An encoder that reads nothing for its first 2 s, as a busy machine's would.
    const slow = path.join(dir, 'slow-ffmpeg.sh');
    await fs.writeFile(slow, '#!/bin/sh\nsleep 2\nexec ffmpeg "$@"\n', { mode: 0o755 });
    const file = path.join(dir, 'slow.mp4');
    const began = performance.now();
    const recorder = new Recorder({ feed: source, file, ffmpegPath: slow });
    await recorder.start();
    await sleep(3500 - (performance.now() - began));
    const result = await recorder.stop();
    const elapsedMs = performance.now() - began;
    expect(result.framesRepeated).toBeGreaterThan(0);
    // Repeats are capped (2 s): on a machine loaded beyond that some frames are dropped, but the
    // length, the point of this test, stays true either way.
    const probe = await probeVideo(file);
    expect(probe.durationMs).toBeGreaterThan(elapsedMs * 0.9);
    expect(probe.durationMs).toBeLessThan(elapsedMs * 1.1);
  });

  it('refuses to start without frames, and says why', async () => {
    source = new TestPatternSource({ format: { width: 320, height: 240, fps: 15 } });
    const recorder = new Recorder({ feed: source, file: path.join(dir, 'never.mp4'), startTimeoutMs: 300 });
    await expect(recorder.start()).rejects.toThrow(/no video to record: test pattern 320x240@15 sent no frame within 0.3 s/);
  });

  it('reports an encoder that cannot run', async () => {
    source = new TestPatternSource({ format: { width: 320, height: 240, fps: 15 } });
    await source.start();
    const recorder = new Recorder({ feed: source, file: path.join(dir, 'x.mp4'), ffmpegPath: '/nonexistent/ffmpeg' });
    await expect(recorder.start()).rejects.toThrow(/encoder \(ffmpeg\) stopped.*could not run ffmpeg/s);
  });
});
