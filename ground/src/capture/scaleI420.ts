import type { VideoFrame } from '../video/VideoFrame.ts';
import { i420Size } from '../video/VideoFrame.ts';

/**
 * Nearest-neighbour resize of an I420 frame. A recording keeps the size it started with; when the
 * source changes resolution mid-recording, its frames are fitted to that size (cheap, and rare).
 */
export function scaleI420(frame: Pick<VideoFrame, 'width' | 'height' | 'data'>, width: number, height: number): Uint8Array {
  const out = new Uint8Array(i420Size(width, height));
  scalePlane(frame.data, 0, frame.width, frame.height, out, 0, width, height);
  const inChroma = (frame.width / 2) * (frame.height / 2);
  const outChroma = (width / 2) * (height / 2);
  const inY = frame.width * frame.height;
  const outY = width * height;
  scalePlane(frame.data, inY, frame.width / 2, frame.height / 2, out, outY, width / 2, height / 2);
  scalePlane(frame.data, inY + inChroma, frame.width / 2, frame.height / 2, out, outY + outChroma, width / 2, height / 2);
  return out;
}

function scalePlane(src: Uint8Array, srcOffset: number, srcW: number, srcH: number, dst: Uint8Array, dstOffset: number, dstW: number, dstH: number): void {
  const columns = new Uint32Array(dstW);
  for (let x = 0; x < dstW; x++) columns[x] = Math.min(srcW - 1, Math.floor(((x + 0.5) * srcW) / dstW));
  for (let y = 0; y < dstH; y++) {
    const row = srcOffset + Math.min(srcH - 1, Math.floor(((y + 0.5) * srcH) / dstH)) * srcW;
    const out = dstOffset + y * dstW;
    for (let x = 0; x < dstW; x++) dst[out + x] = src[row + (columns[x] ?? 0)] ?? 0;
  }
}
