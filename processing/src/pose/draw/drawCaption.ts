import type { I420Frame } from '../frames.ts';
import { forEachTextPixel, GLYPH_HEIGHT, textWidth } from './bitmapFont.ts';
import { I420Painter, yuvOf } from './I420Painter.ts';

const white = yuvOf(255, 255, 255);

export interface CaptionBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Lines of text at the top left on a translucent dark box, in the built-in 5x7 font scaled to
 * the frame (2x at 480 lines). Returns the box it drew over.
 */
export function drawCaption(frame: I420Frame, lines: readonly string[], scale = Math.max(1, Math.round(frame.height / 240))): CaptionBox {
  const painter = new I420Painter(frame);
  const padding = 3 * scale;
  const lineHeight = (GLYPH_HEIGHT + 3) * scale;
  const width = Math.max(0, ...lines.map(textWidth)) * scale + 2 * padding;
  const height = lines.length * lineHeight - 3 * scale + 2 * padding;
  const box = { left: 0, top: 0, width: Math.min(width, frame.width), height: Math.min(height, frame.height) };
  if (lines.length === 0) return { ...box, width: 0, height: 0 };
  painter.darkenRect(box.left, box.top, box.width, box.height, 0.35);
  lines.forEach((line, index) => {
    const top = padding + index * lineHeight;
    forEachTextPixel(line, (column, row) => painter.fillRect(padding + column * scale, top + row * scale, scale, scale, white));
  });
  return box;
}
