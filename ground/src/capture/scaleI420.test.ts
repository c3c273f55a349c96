import { describe, expect, it } from 'vitest';
import { i420Size } from '../video/VideoFrame.ts';
import { scaleI420 } from './scaleI420.ts';

/** An I420 frame whose Y is the column index, U 100 and V 200. */
function gradient(width: number, height: number): Uint8Array {
  const data = new Uint8Array(i420Size(width, height));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = x;
  data.fill(100, width * height, width * height * 1.25);
  data.fill(200, width * height * 1.25);
  return data;
}

describe('scaleI420', () => {
  it('halves a frame keeping every plane where it belongs', () => {
    const out = scaleI420({ width: 8, height: 4, data: gradient(8, 4) }, 4, 2);
    expect(out.length).toBe(i420Size(4, 2));
    expect([...out.subarray(0, 4)]).toEqual([1, 3, 5, 7]);
    expect([...out.subarray(8, 10)]).toEqual([100, 100]);
    expect([...out.subarray(10, 12)]).toEqual([200, 200]);
  });

  it('doubles a frame by repeating pixels', () => {
    const out = scaleI420({ width: 4, height: 2, data: gradient(4, 2) }, 8, 4);
    expect([...out.subarray(0, 8)]).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(out[8 * 4]).toBe(100);
    expect(out.at(-1)).toBe(200);
  });
});
