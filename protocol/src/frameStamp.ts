/**
 * The capture time and frame number drawn into each video frame as a barcode, so any receiver
 * (browser, bench, recorder) can compute glass-to-glass latency from the decoded pixels alone.
 *
 * Layout: 2 rows x 40 cells at the top-left of the frame, each cell black or white in luma with
 * neutral chroma. 80 bits: 48-bit capture time (ms, server clock), 24-bit frame number, CRC-8.
 * Cells are at least 8 px wide so they survive VP8 at the bitrates we use.
 */
export interface FrameStamp {
  captureTimeMs: number;
  frameNumber: number;
}

export interface StampGeometry {
  cols: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
}

const cols = 40;
const rows = 2;
const timeBits = 48;
const frameBits = 24;
const black = 16;
const white = 235;

export function stampGeometry(width: number, height: number): StampGeometry {
  return {
    cols,
    rows,
    cellWidth: Math.floor(width / cols),
    cellHeight: Math.max(8, Math.round(height / 40) & ~1),
  };
}

function crc8(bytes: Uint8Array): number {
  // Non-zero start: an all-black band (a dark frame) must not read as a valid stamp of time 0.
  let crc = 0xff;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function payloadBytes(stamp: FrameStamp): Uint8Array {
  const bytes = new Uint8Array(9);
  let t = Math.max(0, Math.floor(stamp.captureTimeMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  const f = stamp.frameNumber & 0xffffff;
  bytes[6] = (f >> 16) & 0xff;
  bytes[7] = (f >> 8) & 0xff;
  bytes[8] = f & 0xff;
  return bytes;
}

function stampBits(stamp: FrameStamp): number[] {
  const payload = payloadBytes(stamp);
  const all = new Uint8Array(10);
  all.set(payload);
  all[9] = crc8(payload);
  const bits: number[] = [];
  for (const byte of all) for (let i = 7; i >= 0; i--) bits.push((byte >> i) & 1);
  return bits;
}

/** Draws the stamp into an I420 frame (Y plane then U then V, no padding). */
export function drawFrameStamp(i420: Uint8Array, width: number, height: number, stamp: FrameStamp): void {
  const g = stampGeometry(width, height);
  const bits = stampBits(stamp);
  const ySize = width * height;
  const chromaWidth = width >> 1;
  const chromaSize = chromaWidth * (height >> 1);
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      const value = bits[r * g.cols + c] ? white : black;
      const x0 = c * g.cellWidth;
      const y0 = r * g.cellHeight;
      for (let y = y0; y < y0 + g.cellHeight; y++) i420.fill(value, y * width + x0, y * width + x0 + g.cellWidth);
      for (let y = y0 >> 1; y < (y0 + g.cellHeight) >> 1; y++) {
        const start = y * chromaWidth + (x0 >> 1);
        const end = start + (g.cellWidth >> 1);
        i420.fill(128, ySize + start, ySize + end);
        i420.fill(128, ySize + chromaSize + start, ySize + chromaSize + end);
      }
    }
  }
}

/**
 * Reads a stamp back from RGBA pixels (a canvas's ImageData covering at least the stamp rows,
 * `rgbaWidth` pixels wide, frame scaled to `width`). Returns undefined when the CRC fails,
 * e.g. a frame without a stamp or one damaged by the encoder.
 */
export function readFrameStamp(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): FrameStamp | undefined {
  const g = stampGeometry(width, height);
  if (g.cellWidth < 2) return undefined;
  const bits: number[] = [];
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      // Average the middle half of the cell: its edges blur into neighbours.
      let sum = 0;
      let n = 0;
      const xs = c * g.cellWidth + Math.floor(g.cellWidth / 4);
      const xe = c * g.cellWidth + Math.ceil((g.cellWidth * 3) / 4);
      const ys = r * g.cellHeight + Math.floor(g.cellHeight / 4);
      const ye = r * g.cellHeight + Math.ceil((g.cellHeight * 3) / 4);
      for (let y = ys; y < ye; y++) {
        for (let x = xs; x < xe; x++) {
          const i = (y * width + x) * 4;
          sum += ((rgba[i] ?? 0) + (rgba[i + 1] ?? 0) + (rgba[i + 2] ?? 0)) / 3;
          n++;
        }
      }
      bits.push(sum / n > (black + white) / 2 ? 1 : 0);
    }
  }
  const bytes = new Uint8Array(10);
  for (let i = 0; i < 80; i++) bytes[i >> 3] = ((bytes[i >> 3] ?? 0) << 1) | (bits[i] ?? 0);
  if (crc8(bytes.subarray(0, 9)) !== bytes[9]) return undefined;
  let t = 0;
  for (let i = 0; i < 6; i++) t = t * 256 + (bytes[i] ?? 0);
  const frameNumber = ((bytes[6] ?? 0) << 16) | ((bytes[7] ?? 0) << 8) | (bytes[8] ?? 0);
  return { captureTimeMs: t, frameNumber };
}

/** Rows of pixels a reader must sample to decode the stamp. */
export function stampHeight(width: number, height: number): number {
  const g = stampGeometry(width, height);
  return g.rows * g.cellHeight;
}

export const frameStampBits = { timeBits, frameBits, crcBits: 8 } as const;
