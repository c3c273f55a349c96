import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, processAlive } from '@dronecast/runtime';
import { H264RtpCamera } from '../camera/H264RtpCamera.ts';
import { probeVideo } from '../capture/probeVideo.ts';
import { recordingFilesOf } from '../capture/RecordingInfo.ts';
import { recoverRecordings } from '../capture/recoverRecordings.ts';
import { runTool } from '../capture/runTool.ts';
import { GalleryStore } from '../gallery/GalleryStore.ts';
import { isSlice, type H264AccessUnit } from './H264AccessUnit.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { StreamCopyRecorder } from './StreamCopyRecorder.ts';
import { CameraRig, collect } from './testing/CameraRig.ts';
import { ffmpegRtp, splitAnnexB, testSource } from './testing/ffmpegRtp.ts';

const logger = createLogger('test');
let dir: string;
let rig: CameraRig | undefined;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stream-copy-'));
});
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
  await fs.rm(dir, { recursive: true, force: true });
});

/** What ffprobe says about every frame it decodes, and the stream's profile. */
async function probeFrames(file: string): Promise<{ profile: string; frames: number; keyframes: number[] }> {
  const { stdout } = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=profile:frame=key_frame', '-of', 'json', file]);
  const probe = JSON.parse(stdout.toString()) as { streams: { profile: string }[]; frames: { key_frame: number }[] };
  return { profile: probe.streams[0]!.profile, frames: probe.frames.length, keyframes: probe.frames.flatMap((f, i) => (f.key_frame ? [i] : [])) };
}

/** The slices in the file, as the camera's bytes (Annex B out of the MP4, by stream copy). */
async function slicesIn(file: string): Promise<string[]> {
  const { stdout } = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', 'pipe:1']);
  return splitAnnexB(new Uint8Array(stdout)).filter(isSlice).map(hash);
}

const hash = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

/** Resolves after `count` more pictures from the camera. */
const pictures = (count: number) =>
  collect<H264AccessUnit>((take) => {
    rig!.depacketizer.on('accessUnit', take);
    return () => rig!.depacketizer.off('accessUnit', take);
  }, count, 20_000, 'pictures');

describe('StreamCopyRecorder (the simulated camera, real ffmpeg)', () => {
  it("records the camera's own H.264, byte for byte, at its size, profile and length", async () => {
    rig = await CameraRig.start({ width: 640, height: 480, fps: 30 });
    const sent: H264AccessUnit[] = [];
    rig.depacketizer.on('accessUnit', (unit) => sent.push(unit));
    const file = path.join(dir, 'copy.mp4');
    const recorder = new StreamCopyRecorder({ accessUnits: rig.depacketizer, description: 'H.264 camera (test)', file });
    await recorder.start();
    expect(recorder.resolution).toEqual({ width: 640, height: 480 });
    await pictures(90);
    const result = await recorder.stop();
    expect(result).toMatchObject({ width: 640, height: 480, fps: 30, framesDropped: 0, framesRepeated: 0, ending: 'finished' });

    const probe = await probeVideo(file);
    expect([probe.codec, probe.width, probe.height]).toEqual(['h264', 640, 480]);
    // The length is the camera's timestamps: one frame interval per picture.
    expect(Math.abs(probe.durationMs - (result.framesWritten * 1000) / 30)).toBeLessThanOrEqual(34);
    expect(recorder.durationMs).toBe(Math.round((result.framesWritten * 1000) / 30));
    const frames = await probeFrames(file);
    expect(frames.profile).toBe('Constrained Baseline');
    expect(frames.frames).toBe(result.framesWritten);
    expect(frames.keyframes.slice(0, 3)).toEqual([0, 30, 60]);
    // Not re-encoded: every slice in the file is one the camera sent.
    const cameraSlices = new Set(sent.flatMap((u) => u.nalUnits.filter(isSlice)).map(hash));
    const recorded = await slicesIn(file);
    expect(recorded.length).toBeGreaterThanOrEqual(result.framesWritten);
    expect(recorded.filter((s) => !cameraSlices.has(s))).toEqual([]);
  }, 40_000);

  it('leaves a playable file when ffmpeg is killed with SIGKILL mid-recording, recovered into the gallery at the next start', async () => {
    rig = await CameraRig.start({ width: 640, height: 480, fps: 30 });
    const store = await GalleryStore.open(dir, logger);
    const id = '0000000000streamcopy1';
    const { partialFile } = recordingFilesOf(store.recordingDir, id);
    const recorder = new StreamCopyRecorder({ accessUnits: rig.depacketizer, description: 'H.264 camera (test)', file: partialFile });
    const failed = new Promise<Error>((resolve) => recorder.once('failed', resolve));
    await recorder.start();
    await pictures(100);
    const written = recorder.framesWritten;
    process.kill(recorder.pid ?? 0, 'SIGKILL');
    expect((await failed).message).toMatch(/stream-copy recorder \(ffmpeg\) stopped \(killed by SIGKILL\)/);

    // As the crash left it: it probes, and everything up to the last whole fragment (a second at most) is there.
    const probe = await probeVideo(partialFile);
    expect([probe.codec, probe.width, probe.height]).toEqual(['h264', 640, 480]);
    expect(probe.durationMs).toBeGreaterThan((written / 30) * 1000 - 1100);

    const reopened = await GalleryStore.open(dir, logger);
    expect(await recoverRecordings(reopened, logger)).toBe(1);
    const [item] = reopened.list({ limit: 5 }).items;
    expect(item).toMatchObject({ id, kind: 'video', endReason: 'recovered', width: 640, height: 480, codec: 'h264' });
    expect(item?.durationMs).toBeGreaterThan(2000);
    expect(await fs.readdir(store.recordingDir)).toEqual([]);
    expect((await probeFrames(path.join(dir, 'items', `${id}.mp4`))).profile).toBe('Constrained Baseline');
  }, 40_000);

  it('finishes the file itself when the agent is killed with SIGKILL mid-recording: ffmpeg reads the end of its input', async () => {
    const store = await GalleryStore.open(dir, logger);
    const id = '0000000000agentkilled1';
    const { partialFile } = recordingFilesOf(store.recordingDir, id);
    const agent = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'testing', 'recordingAgent.ts'), partialFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    const heard = (pattern: RegExp) =>
      collect<RegExpExecArray>((take) => {
        let partial = '';
        const listener = (chunk: Buffer) => {
          const parts = (partial + chunk.toString()).split('\n');
          partial = parts.pop() ?? '';
          for (const line of parts) {
            const match = pattern.exec(line);
            if (match) take(match);
          }
        };
        agent.stdout.on('data', listener);
        return () => agent.stdout.off('data', listener);
      }, 1, 20_000, `agent lines matching ${pattern}`).then(([match]) => match!);
    const port = Number((await heard(/^port (\d+)$/))[1]);
    const camera = new H264RtpCamera({ format: { width: 640, height: 480, fps: 30 }, to: { host: '127.0.0.1', port }, gopSeconds: 1, bitrateKbps: 1000, ffmpeg: 'ffmpeg' });
    try {
      await camera.start();
      const ffmpegPid = Number((await heard(/^recording (\d+)$/))[1]);
      const written = Number((await heard(/^pictures (1[2-9]\d|[2-9]\d\d)$/))[1]);
      agent.kill('SIGKILL');
      // Orphaned, ffmpeg sees its input end, finishes the file and exits: nothing is left running.
      await expect.poll(() => processAlive(ffmpegPid), { timeout: 10_000 }).toBe(false);
      const probe = await probeVideo(partialFile);
      expect([probe.codec, probe.width, probe.height]).toEqual(['h264', 640, 480]);
      expect(probe.durationMs).toBeGreaterThanOrEqual(Math.round((written * 1000) / 30) - 34);
      expect(await recoverRecordings(await GalleryStore.open(dir, logger), logger)).toBe(1);
    } finally {
      agent.kill('SIGKILL');
      await camera.stop();
    }
  }, 40_000);

  it('keeps the real length when pictures are lost: the gap stays a gap, not a faster video', async () => {
    const packets = await ffmpegRtp([...testSource({ seconds: 4, size: '320x240' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-x264-params', 'repeat-headers=1']);
    // One packet of picture 40 lost: pictures 40 to 59 are dropped until the keyframe at 60.
    const timestamps = [...new Set(packets.map((p) => p.timestamp))];
    const lost = packets.find((p) => p.timestamp === timestamps[40]);
    const depacketizer = new H264Depacketizer({ now: () => 0 });
    const file = path.join(dir, 'gap.mp4');
    const recorder = new StreamCopyRecorder({ accessUnits: depacketizer, description: 'H.264 camera (test)', file });
    const started = recorder.start();
    for (const packet of packets) if (packet !== lost) depacketizer.push(packet);
    await started;
    const result = await recorder.stop();
    expect(result).toMatchObject({ framesWritten: 100, ending: 'finished' });
    const probe = await probeVideo(file);
    expect(probe.durationMs).toBeGreaterThan(3950);
    expect(probe.durationMs).toBeLessThan(4050);
    expect((await probeFrames(file)).frames).toBe(100);
  }, 30_000);

  it('refuses to start without a keyframe, or without ffmpeg, and says why', async () => {
    const quiet = new H264Depacketizer({ now: () => 0 });
    const recorder = new StreamCopyRecorder({ accessUnits: quiet, description: 'H.264 camera (test)', file: path.join(dir, 'never.mp4'), startTimeoutMs: 300 });
    await expect(recorder.start()).rejects.toThrow('no keyframe from H.264 camera (test) within 0.3 s: nothing to start a recording from');

    const packets = await ffmpegRtp([...testSource({ seconds: 1 }), '-c:v', 'libx264', '-preset', 'ultrafast', '-x264-params', 'repeat-headers=1']);
    const depacketizer = new H264Depacketizer({ now: () => 0 });
    const broken = new StreamCopyRecorder({ accessUnits: depacketizer, description: 'H.264 camera (test)', file: path.join(dir, 'x.mp4'), ffmpegPath: '/nonexistent/ffmpeg' });
    const starting = broken.start();
    for (const packet of packets) depacketizer.push(packet);
    await expect(starting).rejects.toThrow(/stream-copy recorder \(ffmpeg\) stopped.*could not run ffmpeg/s);
  });
});
