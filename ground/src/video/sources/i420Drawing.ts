/** Minimal drawing into I420 frames (Y plane, then U, then V, no padding). */

export interface YuvColor {
  y: number;
  u: number;
  v: number;
}

/** BT.601 limited range: what browsers and encoders assume for untagged video of these sizes. */
export function rgbToYuv(r: number, g: number, b: number): YuvColor {
  return {
    y: Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    u: Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255),
    v: Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255),
  };
}

/** An I420 frame and the first row drawings may touch: rows above `top` belong to the frame stamp. */
export interface I420Canvas {
  data: Uint8Array;
  width: number;
  height: number;
  top: number;
}

interface Span {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function clip(canvas: I420Canvas, x: number, y: number, w: number, h: number): Span | undefined {
  const x0 = Math.max(0, Math.round(x));
  const x1 = Math.min(canvas.width, Math.round(x + w));
  const y0 = Math.max(canvas.top, Math.round(y));
  const y1 = Math.min(canvas.height, Math.round(y + h));
  return x0 < x1 && y0 < y1 ? { x0, x1, y0, y1 } : undefined;
}

export function fillLumaRect(canvas: I420Canvas, x: number, y: number, w: number, h: number, luma: number): void {
  const s = clip(canvas, x, y, w, h);
  if (!s) return;
  const { data, width } = canvas;
  for (let row = s.y0; row < s.y1; row++) data.fill(luma, row * width + s.x0, row * width + s.x1);
}

export function fillRect(canvas: I420Canvas, x: number, y: number, w: number, h: number, color: YuvColor): void {
  const s = clip(canvas, x, y, w, h);
  if (!s) return;
  const { data, width, height } = canvas;
  for (let row = s.y0; row < s.y1; row++) data.fill(color.y, row * width + s.x0, row * width + s.x1);
  const cw = width >> 1;
  const uBase = width * height;
  const vBase = uBase + cw * (height >> 1);
  // Chroma covers every 2x2 block the rectangle touches, but never a block shared with the stamp rows.
  const cx0 = s.x0 >> 1;
  const cx1 = (s.x1 + 1) >> 1;
  const cy0 = Math.max(s.y0 >> 1, (canvas.top + 1) >> 1);
  const cy1 = (s.y1 + 1) >> 1;
  for (let row = cy0; row < cy1; row++) {
    data.fill(color.u, uBase + row * cw + cx0, uBase + row * cw + cx1);
    data.fill(color.v, vBase + row * cw + cx0, vBase + row * cw + cx1);
  }
}
