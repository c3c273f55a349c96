import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../capture/runTool.ts';
import { nalUnitType, rbspOf } from './H264NalUnit.ts';
import { sliceKindOf } from './H264SliceHeader.ts';
import { runFfmpeg, splitAnnexB } from './testing/ffmpegRtp.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slices-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sliceKindOf (x264 with B-frames, checked against ffprobe)', () => {
  it('reads I, P and B from the slice headers, as many of each as ffprobe finds', async () => {
    const file = path.join(dir, 'b.h264');
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '25', '-x264-params', 'slices=1', '-f', 'h264', file]);
    const kinds = splitAnnexB(fs.readFileSync(file)).map(sliceKindOf).filter((k) => k !== undefined);
    const { stdout } = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'frame=pict_type', '-of', 'csv=p=0', file]);
    // One line per frame; frames with side data get a trailing field, and blank lines come between.
    const types = stdout.toString().split('\n').map((line) => line.split(',')[0]!.trim()).filter((type) => type !== '');
    const count = (list: string[], kind: string) => list.filter((k) => k === kind).length;
    for (const kind of ['I', 'P', 'B']) expect(count(kinds, kind)).toBe(count(types, kind));
    expect(count(kinds, 'B')).toBeGreaterThan(10);
  });

  it('is undefined for other NAL units and truncated headers', () => {
    expect(sliceKindOf(Uint8Array.of(0x67, 0x42))).toBeUndefined();
    expect(sliceKindOf(Uint8Array.of(0x41))).toBeUndefined();
    expect(sliceKindOf(Uint8Array.of(0x41, 0x00, 0x00))).toBeUndefined();
  });

  it('reads through emulation-prevention bytes (00 00 03)', () => {
    expect(rbspOf(Uint8Array.of(0x41, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x07))).toEqual(Uint8Array.of(0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07));
    expect(rbspOf(Uint8Array.of(0x41, 1, 2, 3, 4, 5), 2)).toEqual(Uint8Array.of(1, 2));
    expect(nalUnitType(Uint8Array.of(0x65))).toBe(5);
  });
});
