import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../capture/runTool.ts';
import type { H264AccessUnit } from './H264AccessUnit.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { MpegTsWriter } from './MpegTsWriter.ts';
import { ffmpegRtp, testSource } from './testing/ffmpegRtp.ts';

let dir: string;
let units: H264AccessUnit[];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpegts-'));
  const packets = await ffmpegRtp([...testSource({ seconds: 2, size: '320x240' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-x264-params', 'repeat-headers=1']);
  units = [];
  const depacketizer = new H264Depacketizer({ now: () => 0 });
  depacketizer.on('accessUnit', (unit) => units.push(unit));
  for (const packet of packets) depacketizer.push(packet);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(ptsOf: (i: number) => number): string {
  const writer = new MpegTsWriter();
  const chunks = units.flatMap((unit, i) => [...(unit.keyframe ? [writer.tables()] : []), writer.accessUnit(unit.nalUnits, ptsOf(i), unit.keyframe)]);
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(file, Buffer.concat(chunks));
  return file;
}

const packetsOf = async (file: string) => {
  const { stdout } = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts,flags', '-of', 'csv=p=0', file]);
  // Packets with side data are followed by a blank line.
  return stdout.toString().split('\n').filter((line) => line.trim() !== '').map((line) => line.split(','));
};

describe('MpegTsWriter (read back by ffprobe and ffmpeg)', () => {
  it('writes 188-byte packets that ffprobe reads as one H.264 stream with exactly the given timestamps', async () => {
    const file = write((i) => 90_000 + i * 3000);
    const bytes = fs.readFileSync(file);
    expect(bytes.length % 188).toBe(0);
    for (let at = 0; at < bytes.length; at += 188) expect(bytes[at]).toBe(0x47);
    const packets = await packetsOf(file);
    expect(packets.map(([pts]) => Number(pts))).toEqual(units.map((_, i) => 90_000 + i * 3000));
    expect(packets.flatMap(([, flags], i) => (flags!.startsWith('K') ? [i] : []))).toEqual([0, 30]);
    // Strict decoding of every picture: no continuity-counter, CRC or payload error on the way.
    const { stdout } = await runTool('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'framecrc', '-']);
    expect(stdout.toString().split('\n').filter((l) => /^0,/.test(l))).toHaveLength(units.length);
  });

  it('wraps presentation times past 2^33 as TS does, and readers follow across the wrap', async () => {
    const file = write((i) => 2 ** 33 - 6000 + i * 3000);
    const pts = (await packetsOf(file)).map(([value]) => Number(value));
    // ffprobe shows the times before the wrap as negative (relative to it), then counts on.
    expect(pts.slice(0, 4)).toEqual([-6000, -3000, 0, 3000]);
    expect(pts).toHaveLength(units.length);
  });
});
