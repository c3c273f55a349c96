import { describe, expect, it } from 'vitest';

import { i420Layout } from './frames.ts';
import { i420ToRgba } from './i420ToRgba.ts';
import { rgbaToI420 } from './rgbaToI420.ts';

function solidRgba(width: number, height: number, [r, g, b]: readonly number[]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < data.length; p += 4) data.set([r!, g!, b!, 255], p);
  return data;
}

const colours: Record<string, readonly [number, number, number]> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  grey: [128, 128, 128],
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  skin: [224, 172, 105],
  teal: [0, 128, 128],
};

describe('I420 <-> RGBA (BT.601 limited range)', () => {
  it.each(Object.entries(colours))('%s survives a round trip within 3 levels', (_name, rgb) => {
    const rgba = solidRgba(6, 4, rgb);
    const back = i420ToRgba(rgbaToI420({ data: rgba, width: 6, height: 4 }));
    for (let p = 0; p < back.data.length; p += 4) {
      expect(Math.abs(back.data[p]! - rgb[0])).toBeLessThanOrEqual(3);
      expect(Math.abs(back.data[p + 1]! - rgb[1])).toBeLessThanOrEqual(3);
      expect(Math.abs(back.data[p + 2]! - rgb[2])).toBeLessThanOrEqual(3);
      expect(back.data[p + 3]).toBe(255);
    }
  });

  it('maps the BT.601 reference points: black 16, white 235, neutral chroma 128, red (82, 90, 240)', () => {
    const yuv = (rgb: readonly number[]) => {
      const { data } = rgbaToI420({ data: solidRgba(2, 2, rgb), width: 2, height: 2 });
      return [data[0], data[4], data[5]];
    };
    expect(yuv([0, 0, 0])).toEqual([16, 128, 128]);
    expect(yuv([255, 255, 255])).toEqual([235, 128, 128]);
    expect(yuv([255, 0, 0])).toEqual([82, 90, 240]);
  });

  it('clamps out-of-range YUV instead of wrapping', () => {
    const rgbOf = (y: number, u: number, v: number) => {
      const { uOffset, vOffset, byteLength } = i420Layout(2, 2);
      const data = new Uint8Array(byteLength).fill(y, 0, uOffset);
      data[uOffset] = u;
      data[vOffset] = v;
      return [...i420ToRgba({ data, width: 2, height: 2 }).data.subarray(0, 3)];
    };
    expect(rgbOf(255, 128, 128)).toEqual([255, 255, 255]);
    expect(rgbOf(0, 128, 128)).toEqual([0, 0, 0]);
    expect(rgbOf(235, 255, 128)[2]).toBe(255);
    expect(rgbOf(16, 128, 0)[0]).toBe(0);
  });

  it('keeps each 2x2 block its own colour, odd sizes included', () => {
    const width = 5;
    const height = 3;
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) rgba.set(x < 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], (y * width + x) * 4);
    }
    const i420 = rgbaToI420({ data: rgba, width, height });
    expect(i420.data.length).toBe(i420Layout(width, height).byteLength);
    const back = i420ToRgba(i420).data;
    const at = (x: number, y: number) => [...back.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)];
    expect(at(0, 0)[0]).toBeGreaterThan(240);
    expect(at(4, 2)[2]).toBeGreaterThan(240);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => i420ToRgba({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(/needs 24 bytes/);
    expect(() => rgbaToI420({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(/needs 64 bytes/);
  });
});
