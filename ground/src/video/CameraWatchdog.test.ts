import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@dronecast/runtime';
import { CameraWatchdog } from './CameraWatchdog.ts';
import { FfmpegSource } from './sources/FfmpegSource.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-watchdog-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('CameraWatchdog', () => {
  it('brings back a camera whose input ended, without the agent restarting', async () => {
    // A one-second clip played once stands in for a drone feed that drops.
    const clip = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1', '-pix_fmt', 'yuv420p', clip]);
    const source = new FfmpegSource({ input: { kind: 'file', path: clip, loop: false }, format: { width: 160, height: 120, fps: 10 } });
    const watchdog = new CameraWatchdog({ source, logger: createLogger('test'), backoffMs: [100] });
    let ends = 0;
    let frames = 0;
    source.on('end', () => ends++);
    source.on('frame', () => frames++);
    try {
      await source.start();
      await expect.poll(() => ends, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      // Each run of the clip gives ~10 frames; two ends mean the watchdog restarted it at least once.
      expect(frames).toBeGreaterThan(12);
    } finally {
      watchdog.stop();
      await source.stop();
    }
  }, 30_000);

  it('keeps retrying a camera that is missing at start-up, with a clear reason', async () => {
    const lines: string[] = [];
    const logger = { ...createLogger('test'), error: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const source = new FfmpegSource({ input: { kind: 'v4l2', device: '/dev/video97' } });
    const watchdog = new CameraWatchdog({ source, logger, backoffMs: [50] });
    try {
      expect(await watchdog.start()).toBe(false);
      await expect.poll(() => lines.filter((l) => l.startsWith('camera restart failed')).length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(lines[0]).toMatch(/camera failed to start: .*\/dev\/video97.*not found/);
    } finally {
      watchdog.stop();
    }
  });

  it('does not restart a camera stopped on purpose', async () => {
    const source = new FfmpegSource({ input: { kind: 'file', path: path.join(dir, 'clip.mp4'), loop: true }, format: { width: 160, height: 120, fps: 10 } });
    const watchdog = new CameraWatchdog({ source, logger: createLogger('test'), backoffMs: [50] });
    await source.start();
    watchdog.stop();
    await source.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(source.pid).toBeUndefined();
  }, 30_000);
});
