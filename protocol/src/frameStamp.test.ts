import { describe, expect, it } from 'vitest';
import { drawFrameStamp, readFrameStamp, stampHeight } from './frameStamp.ts';

/** Converts the stamp rows of an I420 frame to gray RGBA, as a canvas would give them. */
function lumaToRgba(i420: Uint8Array, width: number, rows: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * rows * 4);
  for (let i = 0; i < width * rows; i++) rgba.fill(i420[i] ?? 0, i * 4, i * 4 + 3);
  return rgba;
}

describe('frame stamp', () => {
  for (const [width, height] of [
    [320, 240],
    [640, 480],
    [1280, 720],
  ] as const) {
    it(`round-trips capture time and frame number at ${width}x${height}`, () => {
      const frame = new Uint8Array(width * height * 1.5).fill(90);
      const stamp = { captureTimeMs: 1_795_000_123_456, frameNumber: 0xabcdef };
      drawFrameStamp(frame, width, height, stamp);
      expect(readFrameStamp(lumaToRgba(frame, width, stampHeight(width, height)), width, height)).toEqual(stamp);
    });
  }

  it('survives noise like an encoder adds', () => {
    const [width, height] = [640, 480];
    const frame = new Uint8Array(width * height * 1.5).fill(128);
    drawFrameStamp(frame, width, height, { captureTimeMs: 1_800_000_000_000, frameNumber: 7 });
    const rgba = lumaToRgba(frame, width, stampHeight(width, height));
    let seed = 1;
    for (let i = 0; i < rgba.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      rgba[i] = (rgba[i] ?? 0) + ((seed % 61) - 30);
    }
    expect(readFrameStamp(rgba, width, height)?.frameNumber).toBe(7);
  });

  it('rejects a frame without a stamp instead of inventing one', () => {
    const [width, height] = [640, 480];
    const rgba = new Uint8ClampedArray(width * stampHeight(width, height) * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37) % 256;
    expect(readFrameStamp(rgba, width, height)).toBeUndefined();
  });

  it('rejects a stamp with one flipped cell (CRC)', () => {
    const [width, height] = [640, 480];
    const frame = new Uint8Array(width * height * 1.5);
    drawFrameStamp(frame, width, height, { captureTimeMs: 1_800_000_000_000, frameNumber: 1 });
    const rgba = lumaToRgba(frame, width, stampHeight(width, height));
    // Invert the whole third cell of the first row.
    for (let y = 0; y < 12; y++) for (let x = 32; x < 48; x++) for (let c = 0; c < 3; c++) rgba[(y * width + x) * 4 + c] = 255 - (rgba[(y * width + x) * 4 + c] ?? 0);
    expect(readFrameStamp(rgba, width, height)).toBeUndefined();
  });
});

describe('frame stamp on a dark frame', () => {
  it('does not read an all-black band as a stamp', () => {
    const [width, height] = [640, 480];
    const rgba = new Uint8ClampedArray(width * stampHeight(width, height) * 4);
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
    expect(readFrameStamp(rgba, width, height)).toBeUndefined();
  });
});
