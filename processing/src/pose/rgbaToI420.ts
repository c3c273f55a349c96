import { checkRgba, i420Layout, type I420Frame, type RgbaFrame } from './frames.ts';

/**
 * BT.601 limited range: Y = 16 + (66R + 129G + 25B) / 256, U and V from the mean colour of each
 * 2x2 block. Alpha is ignored. Converts into `out` (allocated when not given).
 */
export function rgbaToI420(frame: RgbaFrame, out?: Uint8Array): I420Frame {
  checkRgba(frame);
  const { width, height, data } = frame;
  const { chromaWidth, chromaHeight, uOffset, vOffset, byteLength } = i420Layout(width, height);
  const target = out ?? new Uint8Array(byteLength);
  if (target.length !== byteLength) throw new RangeError(`I420 output needs ${byteLength} bytes, got ${target.length}`);

  for (let i = 0, p = 0, n = width * height; i < n; i++, p += 4) {
    target[i] = ((66 * data[p]! + 129 * data[p + 1]! + 25 * data[p + 2]! + 128) >> 8) + 16;
  }
  for (let cy = 0; cy < chromaHeight; cy++) {
    const y0 = cy * 2;
    const y1 = Math.min(y0 + 1, height - 1);
    for (let cx = 0; cx < chromaWidth; cx++) {
      const x0 = cx * 2;
      const x1 = Math.min(x0 + 1, width - 1);
      const a = (y0 * width + x0) * 4;
      const b = (y0 * width + x1) * 4;
      const c = (y1 * width + x0) * 4;
      const d = (y1 * width + x1) * 4;
      const r = data[a]! + data[b]! + data[c]! + data[d]!;
      const g = data[a + 1]! + data[b + 1]! + data[c + 1]! + data[d + 1]!;
      const bl = data[a + 2]! + data[b + 2]! + data[c + 2]! + data[d + 2]!;
      // Sums of four: divide by 4 inside the same shift (>> 10 instead of >> 8).
      const ci = cy * chromaWidth + cx;
      target[uOffset + ci] = ((-38 * r - 74 * g + 112 * bl + 512) >> 10) + 128;
      target[vOffset + ci] = ((112 * r - 94 * g - 18 * bl + 512) >> 10) + 128;
    }
  }
  return { data: target, width, height };
}
