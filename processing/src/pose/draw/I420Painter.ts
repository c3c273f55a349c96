import { checkI420, type I420Frame, type I420Layout } from '../frames.ts';

export interface YuvColour {
  y: number;
  u: number;
  v: number;
}

/** BT.601 limited range, as the frames are. */
export function yuvOf(r: number, g: number, b: number): YuvColour {
  return {
    y: ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16,
    u: ((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128,
    v: ((112 * r - 94 * g - 18 * b + 128) >> 8) + 128,
  };
}

/**
 * Draws straight into an I420 frame, so the processed frame goes back to WebRTC without an
 * RGBA round trip. Chroma is at half resolution: a chroma sample is painted when the centre
 * of its 2x2 block is inside the shape. Everything clips at the frame's edges.
 */
export class I420Painter {
  private readonly layout: I420Layout;
  private readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;

  constructor(frame: I420Frame) {
    this.layout = checkI420(frame);
    this.data = frame.data;
    this.width = frame.width;
    this.height = frame.height;
  }

  fillDisk(cx: number, cy: number, radius: number, colour: YuvColour): void {
    const r2 = radius * radius;
    const { data, width } = this;
    const x0 = Math.max(0, Math.ceil(cx - radius));
    const x1 = Math.min(width - 1, Math.floor(cx + radius));
    const y0 = Math.max(0, Math.ceil(cy - radius));
    const y1 = Math.min(this.height - 1, Math.floor(cy + radius));
    for (let y = y0; y <= y1; y++) {
      const dy = y - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x - cx;
        if (dx * dx + dy * dy <= r2) data[y * width + x] = colour.y;
      }
    }
    const { chromaWidth, chromaHeight, uOffset, vOffset } = this.layout;
    const c0x = Math.max(0, Math.floor((cx - radius) / 2));
    const c1x = Math.min(chromaWidth - 1, Math.floor((cx + radius) / 2));
    const c0y = Math.max(0, Math.floor((cy - radius) / 2));
    const c1y = Math.min(chromaHeight - 1, Math.floor((cy + radius) / 2));
    for (let j = c0y; j <= c1y; j++) {
      const dy = j * 2 + 0.5 - cy;
      for (let i = c0x; i <= c1x; i++) {
        const dx = i * 2 + 0.5 - cx;
        if (dx * dx + dy * dy <= r2) {
          data[uOffset + j * chromaWidth + i] = colour.u;
          data[vOffset + j * chromaWidth + i] = colour.v;
        }
      }
    }
  }

  /** A line with round ends: disks stamped along it, close enough to overlap. */
  line(x0: number, y0: number, x1: number, y1: number, thickness: number, colour: YuvColour): void {
    const radius = thickness / 2;
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length / Math.max(0.75, radius / 2)));
    // Far outside the frame (a landmark MediaPipe guessed off-screen): only the visible part costs.
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      if (x < -radius || y < -radius || x > this.width + radius || y > this.height + radius) continue;
      this.fillDisk(x, y, radius, colour);
    }
  }

  fillRect(left: number, top: number, width: number, height: number, colour: YuvColour): void {
    this.eachInRect(left, top, width, height, (plane, i) => {
      this.data[i] = plane === 'y' ? colour.y : plane === 'u' ? colour.u : colour.v;
    });
  }

  /** A translucent black box: brightness and colour scaled toward black by `keep` (0..1). */
  darkenRect(left: number, top: number, width: number, height: number, keep: number): void {
    const k = Math.round(keep * 256);
    this.eachInRect(left, top, width, height, (plane, i) => {
      const centre = plane === 'y' ? 16 : 128;
      this.data[i] = centre + (((this.data[i]! - centre) * k) >> 8);
    });
  }

  private eachInRect(left: number, top: number, width: number, height: number, visit: (plane: 'y' | 'u' | 'v', index: number) => void): void {
    const x0 = Math.max(0, Math.floor(left));
    const y0 = Math.max(0, Math.floor(top));
    const x1 = Math.min(this.width, Math.floor(left + width));
    const y1 = Math.min(this.height, Math.floor(top + height));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) visit('y', y * this.width + x);
    const { chromaWidth, uOffset, vOffset } = this.layout;
    for (let j = y0 >> 1; j < (y1 + 1) >> 1; j++) {
      for (let i = x0 >> 1; i < (x1 + 1) >> 1; i++) {
        visit('u', uOffset + j * chromaWidth + i);
        visit('v', vOffset + j * chromaWidth + i);
      }
    }
  }
}
