import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../capture/runTool.ts';
import { nalUnitType } from './H264NalUnit.ts';
import { parseSps } from './H264Sps.ts';
import { runFfmpeg, splitAnnexB } from './testing/ffmpegRtp.ts';

// SPSs written by x264 through ffmpeg, read back and compared with what ffprobe reads.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sps-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function encode(name: string, size: string, args: string[]): Promise<{ sps: Uint8Array; probe: { width: number; height: number; profile: string; level: number } }> {
  const file = path.join(dir, `${name}.h264`);
  await runFfmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=0.2`, '-c:v', 'libx264', '-preset', 'ultrafast', ...args, '-f', 'h264', file]);
  const sps = splitAnnexB(fs.readFileSync(file)).find((nal) => nalUnitType(nal) === 7);
  if (!sps) throw new Error('no SPS in the stream');
  const { stdout } = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height,profile,level', '-of', 'json', file]);
  const probe = (JSON.parse(stdout.toString()) as { streams: { width: number; height: number; profile: string; level: number }[] }).streams[0]!;
  return { sps, probe };
}

describe('parseSps (x264 streams, checked against ffprobe)', () => {
  const cases: [string, string, string[], string][] = [
    ['constrained baseline, a size in whole macroblocks', '640x480', ['-profile:v', 'baseline'], '42c01e'],
    ['main, 1080p (cropped from 1088 lines)', '1920x1080', ['-preset', 'veryfast', '-profile:v', 'main'], '4d4028'],
    ['high with scaling matrices, an odd size cropped on both axes', '642x362', ['-profile:v', 'high', '-x264-params', 'cqm=jvt'], '64001e'],
    ['high 4:2:2, 720p60', '1280x720', ['-profile:v', 'high422', '-pix_fmt', 'yuv422p', '-r', '60'], '7a0020'],
    ['interlaced (field pairs: frame_mbs_only 0)', '720x576', ['-preset', 'veryfast', '-flags', '+ildct+ilme', '-x264-params', 'interlaced=1'], '64001e'],
  ];
  for (const [name, size, args, profileLevelId] of cases) {
    it(`reads ${name}`, async () => {
      const { sps, probe } = await encode(name.replace(/\W+/g, '-'), size, args);
      const parsed = parseSps(sps);
      expect(parsed).toMatchObject({ width: probe.width, height: probe.height, profileName: probe.profile, levelIdc: probe.level });
      expect(`${parsed?.width}x${parsed?.height}`).toBe(size);
      expect(parsed?.profileLevelId).toBe(profileLevelId);
      expect(parsed?.frameMbsOnly).toBe(!name.startsWith('interlaced'));
    });
  }

  it('reads a cut-off SPS as nothing or as the whole one (never a wrong size), and junk as nothing, without throwing', async () => {
    const { sps } = await encode('truncated', '320x240', []);
    const whole = parseSps(sps);
    const cut = Array.from({ length: sps.length }, (_, length) => parseSps(sps.subarray(0, length)));
    for (const parsed of cut) if (parsed) expect(parsed).toEqual(whole);
    expect(cut.slice(0, 8).every((parsed) => parsed === undefined)).toBe(true);
    expect(parseSps(Uint8Array.of(0x68, 0xce, 0x38, 0x80))).toBeUndefined(); // a PPS
    expect(parseSps(Uint8Array.of(0x67, 0x42, 0, 0x1e, 0, 0, 0, 0, 0, 0, 0))).toBeUndefined(); // 32+ leading zeros
    for (let seed = 1; seed < 200; seed++) {
      const junk = Uint8Array.from({ length: seed % 40 }, (_, i) => (seed * 131 + i * 71) & 0xff);
      if (junk.length > 0) junk[0] = 0x67;
      expect(() => parseSps(junk)).not.toThrow();
    }
  });
});
