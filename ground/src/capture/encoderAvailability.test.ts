import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoderUnavailableReason } from './encoderAvailability.ts';

const installHint = ' — install ffmpeg (sudo apt-get install ffmpeg)';
let dir: string;

/** An executable shell script standing in for a differently built program. */
async function program(name: string, script: string, mode = 0o755): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, `#!/bin/sh\n${script}\n`, { mode });
  return file;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'encoder-check-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('whether this ground station can record (real ffmpeg and ffprobe)', () => {
  it('can, with Debian\'s ffmpeg and ffprobe on the PATH or named by path', async () => {
    await expect(encoderUnavailableReason()).resolves.toBeNull();
    await expect(encoderUnavailableReason({ ffmpegPath: '/usr/bin/ffmpeg', ffprobePath: '/usr/bin/ffprobe' })).resolves.toBeNull();
  });

  it('cannot without ffmpeg, and says where it looked and how to install it', async () => {
    await expect(encoderUnavailableReason({ ffmpegPath: '/nonexistent/ffmpeg' })).resolves.toBe(
      `the ground station has no ffmpeg (the H.264 encoder) at /nonexistent/ffmpeg${installHint}`,
    );
    await expect(encoderUnavailableReason({ ffmpegPath: 'ffmpeg-not-installed-here' })).resolves.toBe(
      `the ground station has no ffmpeg (the H.264 encoder) on its PATH${installHint}`,
    );
  });

  it('cannot with an ffmpeg built without libx264 (e.g. Fedora\'s ffmpeg-free)', async () => {
    const ffmpeg = await program('ffmpeg-free', 'echo " V....D libopenh264          OpenH264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)"');
    await expect(encoderUnavailableReason({ ffmpegPath: ffmpeg })).resolves.toBe(`the ground station's ffmpeg (${ffmpeg}) has no libx264 H.264 encoder${installHint}`);
  });

  it('cannot with an ffmpeg that does not run, and quotes why', async () => {
    const broken = await program('ffmpeg-broken', 'echo "error while loading shared libraries: libavdevice.so.59" >&2; exit 127');
    await expect(encoderUnavailableReason({ ffmpegPath: broken })).resolves.toBe(
      `the ground station's ffmpeg (the H.264 encoder) at ${broken} does not run (exit code 127: error while loading shared libraries: libavdevice.so.59)${installHint}`,
    );
    const notExecutable = await program('ffmpeg-no-x', 'exit 0', 0o644);
    await expect(encoderUnavailableReason({ ffmpegPath: notExecutable })).resolves.toMatch(/at .*ffmpeg-no-x does not run \(permission denied\) — install ffmpeg/);
  });

  it('cannot without ffprobe, which finishes every recording', async () => {
    await expect(encoderUnavailableReason({ ffprobePath: '/nonexistent/ffprobe' })).resolves.toBe(
      `the ground station has no ffprobe (which finishes recordings) at /nonexistent/ffprobe${installHint}`,
    );
  });

  it('keeps the reason within what the wire carries (300 characters), the install hint whole', async () => {
    const deep = path.join(dir, 'x'.repeat(120), 'ffmpeg');
    const failing = await program('ffmpeg-chatty', `echo "${'very long complaint '.repeat(20)}" >&2; exit 1`);
    for (const tools of [{ ffmpegPath: deep }, { ffmpegPath: failing }, { ffprobePath: deep.replace(/ffmpeg$/, 'ffprobe') }]) {
      const reason = (await encoderUnavailableReason(tools)) ?? '';
      expect(reason.length).toBeLessThanOrEqual(300);
      expect(reason.endsWith(installHint)).toBe(true);
    }
  });
});
