import { describe, expect, it } from 'vitest';
import { checkCommands, checkRecordingTools, locateCommand } from './commandChecks.ts';
import { SYSTEM_PACKAGES } from '../../../scripts/system-packages/packages.mjs';
import { fakeBinDir } from './testBin.ts';

const ffmpegPackage = SYSTEM_PACKAGES.filter((p) => p.name === 'ffmpeg');

describe('checking the programs dronecast runs', () => {
  it('finds a program on PATH and shows its version', () => {
    const bin = fakeBinDir({ ffmpeg: { stdout: 'ffmpeg version 5.1.8' }, ffprobe: { stdout: 'ffprobe version 5.1.8' } });
    const checks = checkCommands(ffmpegPackage, { PATH: bin });
    expect(checks).toEqual([
      { name: 'ffmpeg', status: 'ok', detail: `${bin}/ffmpeg (ffmpeg version 5.1.8)` },
      { name: 'ffprobe', status: 'ok', detail: `${bin}/ffprobe (ffprobe version 5.1.8)` },
    ]);
  });

  it('names the Debian package to install and what goes without it', () => {
    const [ffmpeg, ffprobe] = checkCommands(ffmpegPackage, { PATH: fakeBinDir({}) });
    expect(ffmpeg).toMatchObject({ name: 'ffmpeg', status: 'missing', detail: 'not found; install it: sudo apt-get install -y --no-install-recommends ffmpeg' });
    expect(ffmpeg?.impact).toMatch(/recordings/);
    expect(ffprobe).toMatchObject({ name: 'ffprobe', status: 'missing' });
  });

  it("looks for chromium where the browser tests launch it, not on PATH", () => {
    const bin = fakeBinDir({ chromium: {} });
    expect(locateCommand('chromium', { PATH: bin, CHROMIUM_PATH: '/nonexistent/chromium' })).toBeUndefined();
    expect(locateCommand('chromium', { PATH: '', CHROMIUM_PATH: `${bin}/chromium` })).toBe(`${bin}/chromium`);
  });

  it('checks that ffmpeg can encode H.264 and ffprobe runs, as the ground agent does', async () => {
    const good = fakeBinDir({ ffmpeg: { stdout: ' V....D libx264              libx264 H.264 / AVC' }, ffprobe: {} });
    const noX264 = fakeBinDir({ ffmpeg: { stdout: ' V....D mpeg4                MPEG-4 part 2' }, ffprobe: {} });
    expect(await checkRecordingTools({ PATH: good })).toEqual({ name: 'H.264 recording', status: 'ok', detail: 'libx264 in ffmpeg, and ffprobe' });
    expect(await checkRecordingTools({ PATH: noX264 })).toMatchObject({ status: 'missing', detail: expect.stringMatching(/has no libx264/), impact: 'recording is unavailable' });
    expect(await checkRecordingTools({ PATH: fakeBinDir({}) })).toMatchObject({ status: 'missing', detail: 'needs ffmpeg and ffprobe: sudo apt-get install -y --no-install-recommends ffmpeg' });
  });

  it('lists every package with what it is for, each group known', () => {
    const packages = SYSTEM_PACKAGES;
    for (const name of ['chromium', 'ffmpeg', 'socat', 'mosquitto', 'coturn', 'redis-server', 'meson']) expect(packages.map((p) => p.name)).toContain(name);
    expect(new Set(packages.map((p) => p.name)).size).toBe(packages.length);
    // The file is read as plain JSON by the install step too: its shape is held here.
    for (const p of packages) {
      expect(['build', 'run', 'test']).toContain(p.group);
      expect(p.for.length).toBeGreaterThan(0);
      expect(Object.keys(p).every((key) => ['name', 'group', 'for', 'commands', 'service'].includes(key))).toBe(true);
    }
  });
});
