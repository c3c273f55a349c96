import { fillLumaRect, type I420Canvas } from './i420Drawing.ts';

/** Segments a..g as bits 0..6 (a top, then clockwise, g middle). No fonts needed, and they stay legible after VP8. */
const segmentMasks: Record<string, number> = {
  '0': 0x3f,
  '1': 0x06,
  '2': 0x5b,
  '3': 0x4f,
  '4': 0x66,
  '5': 0x6d,
  '6': 0x7d,
  '7': 0x07,
  '8': 0x7f,
  '9': 0x6f,
  '-': 0x40,
  F: 0x71,
  P: 0x73,
  S: 0x6d,
  ' ': 0,
};

interface GlyphMetrics {
  digitWidth: number;
  thickness: number;
  gap: number;
}

function metrics(height: number): GlyphMetrics {
  return {
    digitWidth: Math.max(3, Math.round(height * 0.55)),
    thickness: Math.max(1, Math.round(height * 0.12)),
    gap: Math.max(1, Math.round(height * 0.2)),
  };
}

function glyphWidth(char: string, m: GlyphMetrics): number {
  if (char === '.') return m.thickness * 2;
  return m.digitWidth;
}

/** Pixel width of `text` drawn at `height`; glyphs: 0-9 - F P S . x and space. */
export function sevenSegmentWidth(text: string, height: number): number {
  const m = metrics(height);
  let width = 0;
  for (const char of text.toUpperCase()) width += glyphWidth(char, m) + m.gap;
  return Math.max(0, width - m.gap);
}

function drawSegments(canvas: I420Canvas, mask: number, x: number, y: number, h: number, m: GlyphMetrics, luma: number): void {
  const w = m.digitWidth;
  const t = m.thickness;
  const mid = Math.floor((h - t) / 2);
  if (mask & 0x01) fillLumaRect(canvas, x, y, w, t, luma);
  if (mask & 0x02) fillLumaRect(canvas, x + w - t, y, t, mid + t, luma);
  if (mask & 0x04) fillLumaRect(canvas, x + w - t, y + mid, t, h - mid, luma);
  if (mask & 0x08) fillLumaRect(canvas, x, y + h - t, w, t, luma);
  if (mask & 0x10) fillLumaRect(canvas, x, y + mid, t, h - mid, luma);
  if (mask & 0x20) fillLumaRect(canvas, x, y, t, mid + t, luma);
  if (mask & 0x40) fillLumaRect(canvas, x, y + mid, w, t, luma);
}

/** A small "x" in the lower half (as in 640x480): two diagonals drawn a row at a time. */
function drawCross(canvas: I420Canvas, x: number, y: number, h: number, m: GlyphMetrics, luma: number): void {
  const top = y + Math.floor(h / 2);
  const rows = h - Math.floor(h / 2);
  const travel = m.digitWidth - m.thickness;
  for (let r = 0; r < rows; r++) {
    const dx = rows > 1 ? Math.round((r * travel) / (rows - 1)) : 0;
    fillLumaRect(canvas, x + dx, top + r, m.thickness, 1, luma);
    fillLumaRect(canvas, x + travel - dx, top + r, m.thickness, 1, luma);
  }
}

/** Draws `text` in luma only, top-left corner at (x, y), `height` pixels tall. */
export function drawSevenSegmentText(canvas: I420Canvas, text: string, x: number, y: number, height: number, luma: number): void {
  const m = metrics(height);
  let cursor = Math.round(x);
  const top = Math.round(y);
  for (const char of text.toUpperCase()) {
    if (char === '.') fillLumaRect(canvas, cursor, top + height - m.thickness * 2, m.thickness * 2, m.thickness * 2, luma);
    else if (char === 'X') drawCross(canvas, cursor, top, height, m, luma);
    else drawSegments(canvas, segmentMasks[char] ?? 0, cursor, top, height, m, luma);
    cursor += glyphWidth(char, m) + m.gap;
  }
}
