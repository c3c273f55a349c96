import { drawFrameStamp, stampHeight } from '@dronecast/protocol';
import type { VideoFormat } from '../VideoFrame.ts';
import { i420Size } from '../VideoFrame.ts';
import { fillRect, rgbToYuv, type I420Canvas, type YuvColor } from './i420Drawing.ts';
import { drawSevenSegmentText, sevenSegmentWidth } from './sevenSegment.ts';
import { uninitializedBytes } from './uninitializedBytes.ts';

const black: YuvColor = { y: 16, u: 128, v: 128 };
const white = 235;
const boxColor = rgbToYuv(255, 140, 0);
/** 75% colour bars, as on a broadcast test card: white, yellow, cyan, green, magenta, red, blue. */
const barColors = [
  [191, 191, 191],
  [191, 191, 0],
  [0, 191, 191],
  [0, 191, 0],
  [191, 0, 191],
  [191, 0, 0],
  [0, 0, 191],
].map(([r, g, b]) => rgbToYuv(r ?? 0, g ?? 0, b ?? 0));

const even = (n: number): number => Math.round(n / 2) * 2;

/** Position bouncing between 0 and `range` after travelling `distance`. */
function bounce(distance: number, range: number): number {
  if (range <= 0) return 0;
  const m = distance % (2 * range);
  return m <= range ? m : 2 * range - m;
}

/** Digit height that fits `chars` glyphs in `maxWidth` and `maxHeight` (glyphs are about 0.75 h wide with their gap). */
function fittingDigitHeight(chars: number, maxWidth: number, maxHeight: number): number {
  return Math.floor(Math.min(maxHeight, maxWidth / (0.75 * chars)));
}

/**
 * Paints test-pattern frames for one format. The static parts (bars, ramp, format label) are
 * drawn once into a background that each frame starts from, so a frame costs one copy plus the
 * moving parts.
 */
export class TestPatternPainter {
  readonly format: Readonly<VideoFormat>;
  private readonly background: Uint8Array;
  private readonly top: number;
  private readonly barsEnd: number;
  private readonly bandEnd: number;
  private readonly stripes: Uint8Array;
  private readonly stripePeriod: number;

  constructor(format: VideoFormat) {
    this.format = { ...format };
    const { width, height } = format;
    // The stamp owns these rows: nothing else is drawn there, so it always reads back.
    this.top = Math.min(height, stampHeight(width, height));
    const content = height - this.top;
    this.barsEnd = this.top + even(content * 0.62);
    this.bandEnd = Math.min(height, this.barsEnd + even(content * 0.1));
    const stripeWidth = Math.max(2, Math.round(width / 16));
    this.stripePeriod = stripeWidth * 2;
    this.stripes = new Uint8Array(width + this.stripePeriod);
    for (let x = 0; x < this.stripes.length; x++) this.stripes[x] = x % this.stripePeriod < stripeWidth ? white : black.y;
    this.background = this.paintBackground();
  }

  /** A new buffer the caller owns. `elapsedMs` drives the motion, so skipped frames skip motion too. */
  paint(frameNumber: number, elapsedMs: number, captureTimeMs: number): Uint8Array {
    const { width, height } = this.format;
    const data = uninitializedBytes(this.background.length);
    data.set(this.background);
    const canvas: I420Canvas = { data, width, height, top: this.top };
    const seconds = elapsedMs / 1000;
    this.paintBand(data, seconds);
    this.paintBox(canvas, seconds);
    this.paintCounter(canvas, frameNumber);
    drawFrameStamp(data, width, height, { captureTimeMs, frameNumber });
    return data;
  }

  private paintBackground(): Uint8Array {
    const { width, height } = this.format;
    const data = new Uint8Array(i420Size(width, height));
    const canvas: I420Canvas = { data, width, height, top: 0 };
    fillRect(canvas, 0, 0, width, this.top, black);
    for (let i = 0; i < barColors.length; i++) {
      const x0 = even((i * width) / barColors.length);
      const x1 = even(((i + 1) * width) / barColors.length);
      fillRect(canvas, x0, this.top, x1 - x0, this.barsEnd - this.top, barColors[i] ?? black);
    }
    fillRect(canvas, 0, this.barsEnd, width, height - this.barsEnd, black);
    // Luma ramp, black to white: shows level and banding problems.
    const ramp = new Uint8Array(width);
    for (let x = 0; x < width; x++) ramp[x] = 16 + Math.round((219 * x) / Math.max(1, width - 1));
    for (let y = this.bandEnd; y < height; y++) data.set(ramp, y * width);
    this.paintFormatLabel({ ...canvas, top: this.bandEnd });
    return data;
  }

  private paintFormatLabel(canvas: I420Canvas): void {
    const { width, height, fps } = this.format;
    const label = `${width}x${height} ${Number(fps.toFixed(2))}FPS`;
    const area = height - this.bandEnd;
    const digitHeight = fittingDigitHeight(label.length, width * 0.6, area * 0.5);
    if (digitHeight < 6) return;
    const pad = Math.max(2, Math.round(digitHeight * 0.25));
    const labelWidth = sevenSegmentWidth(label, digitHeight);
    const y = height - digitHeight - 2 * pad - even(area * 0.1);
    fillRect(canvas, pad, y, labelWidth + 2 * pad, digitHeight + 2 * pad, black);
    drawSevenSegmentText(canvas, label, 2 * pad, y + pad, digitHeight, white);
  }

  /** Stripes scrolling sideways at a quarter of the width per second. */
  private paintBand(data: Uint8Array, seconds: number): void {
    const { width } = this.format;
    const offset = Math.floor(seconds * width * 0.25) % this.stripePeriod;
    const row = this.stripes.subarray(offset, offset + width);
    for (let y = this.barsEnd; y < this.bandEnd; y++) data.set(row, y * width);
  }

  private paintBox(canvas: I420Canvas, seconds: number): void {
    const { width, height } = this.format;
    const content = height - this.top;
    const size = Math.max(2, even(Math.min(width, content) / 8));
    if (content < size) return;
    const x = bounce(seconds * width * 0.35, width - size);
    const y = this.top + bounce(seconds * content * 0.45, content - size);
    fillRect(canvas, x, y, size, size, boxColor);
  }

  private paintCounter(canvas: I420Canvas, frameNumber: number): void {
    const { width } = this.format;
    const text = String(frameNumber).padStart(5, '0');
    const barsHeight = this.barsEnd - this.top;
    const digitHeight = fittingDigitHeight(text.length, width * 0.7, barsHeight * 0.5);
    if (digitHeight < 6) return;
    const pad = Math.max(2, Math.round(digitHeight * 0.15));
    const textWidth = sevenSegmentWidth(text, digitHeight);
    const x = Math.round((width - textWidth) / 2);
    const y = this.top + Math.round((barsHeight - digitHeight) / 2);
    fillRect(canvas, x - pad, y - pad, textWidth + 2 * pad, digitHeight + 2 * pad, black);
    drawSevenSegmentText(canvas, text, x, y, digitHeight, white);
  }
}
