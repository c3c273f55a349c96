import { checkI420, type I420Frame, type RgbaFrame } from './frames.ts';

// BT.601 limited range (what wrtc gives), fixed point with 8 fractional bits:
// R = 1.164(Y-16) + 1.596(V-128), G = 1.164(Y-16) - 0.392(U-128) - 0.813(V-128), B = 1.164(Y-16) + 2.017(U-128).
const yTerm = new Int32Array(256);
const rFromV = new Int32Array(256);
const gFromU = new Int32Array(256);
const gFromV = new Int32Array(256);
const bFromU = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  yTerm[i] = 298 * (i - 16) + 128;
  rFromV[i] = 409 * (i - 128);
  gFromU[i] = -100 * (i - 128);
  gFromV[i] = -208 * (i - 128);
  bFromU[i] = 516 * (i - 128);
}

/**
 * Converts into `out` (allocated when not given). Writes whole pixels through a Uint32 view;
 * the clamping comes from a 0..255 lookup.
 */
export function i420ToRgba(frame: I420Frame, out?: Uint8Array): RgbaFrame {
  const { width, height, data } = frame;
  const { chromaWidth, uOffset, vOffset } = checkI420(frame);
  const target = out ?? new Uint8Array(width * height * 4);
  if (target.length !== width * height * 4) throw new RangeError(`RGBA output needs ${width * height * 4} bytes, got ${target.length}`);
  if (target.byteOffset % 4 !== 0) throw new RangeError('RGBA output must start on a 4-byte boundary');
  const pixels = new Uint32Array(target.buffer, target.byteOffset, width * height);
  // One chroma sample serves two pixels in a row: look its terms up once.
  for (let row = 0; row < height; row++) {
    const yRow = row * width;
    const cRow = (row >> 1) * chromaWidth;
    for (let col = 0; col < width; col += 2) {
      const c = cRow + (col >> 1);
      const u = data[uOffset + c]!;
      const v = data[vOffset + c]!;
      const rv = rFromV[v]!;
      const guv = gFromU[u]! + gFromV[v]!;
      const bu = bFromU[u]!;
      let luma = yTerm[data[yRow + col]!]!;
      pixels[yRow + col] = rgbaWord(luma + rv, luma + guv, luma + bu);
      if (col + 1 < width) {
        luma = yTerm[data[yRow + col + 1]!]!;
        pixels[yRow + col + 1] = rgbaWord(luma + rv, luma + guv, luma + bu);
      }
    }
  }
  return { data: target, width, height };
}

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('i420ToRgba assumes a little-endian machine');

/** Fixed-point sums (8 fractional bits) to an opaque RGBA pixel, little-endian: A in the high byte. */
function rgbaWord(r: number, g: number, b: number): number {
  return (0xff000000 | (clamp[(b >> 8) + CLAMP_BIAS]! << 16) | (clamp[(g >> 8) + CLAMP_BIAS]! << 8) | clamp[(r >> 8) + CLAMP_BIAS]!) >>> 0;
}

// Results range from about -280 to +540 before clamping.
const CLAMP_BIAS = 512;
const clamp = new Uint8Array(1536);
for (let i = 0; i < clamp.length; i++) clamp[i] = Math.max(0, Math.min(255, i - CLAMP_BIAS));
