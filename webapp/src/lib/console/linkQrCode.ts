import { create } from 'qrcode';

/** The quiet zone scanners need around a QR code, in modules (the standard's four). */
export const quietZoneModules = 4;

export interface QrCodeDrawing {
  /** Width and height of the whole drawing in modules, quiet zone included (the SVG's viewBox). */
  size: number;
  /** One SVG path of unit squares, one per dark module, offset by the quiet zone. */
  path: string;
}

/**
 * A link as a QR code for a phone's camera to scan, drawn as one SVG path: the page renders it
 * as an element of its own, so no markup from elsewhere is ever injected into it. Error
 * correction M: a phone held up to a laptop screen reads it at once, and it stays small.
 */
export function linkQrCode(text: string): QrCodeDrawing {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const squares: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) squares.push(`M${col + quietZoneModules} ${row + quietZoneModules}h1v1h-1z`);
    }
  }
  return { size: modules.size + 2 * quietZoneModules, path: squares.join('') };
}
