import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { linkQrCode, quietZoneModules } from './linkQrCode.ts';

const url = `https://192.168.1.10:8443/?token=${'eyJ2IjoxLCJyb2xlIjoidmlld2VyIn0'.repeat(4)}.${'s'.repeat(43)}`;

/** The dark squares a drawing's path draws, as "row,col" of the code (quiet zone taken off). */
function darkSquares(path: string): Set<string> {
  const squares = new Set<string>();
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) squares.add(`${Number(y) - quietZoneModules},${Number(x) - quietZoneModules}`);
  return squares;
}

describe("a link's QR code", () => {
  it('draws exactly the dark modules of the code, inside a four-module quiet zone', () => {
    const drawing = linkQrCode(url);
    const { modules } = create(url, { errorCorrectionLevel: 'M' });
    expect(drawing.size).toBe(modules.size + 8);
    const drawn = darkSquares(drawing.path);
    const expected = new Set<string>();
    for (let row = 0; row < modules.size; row++) for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) expected.add(`${row},${col}`);
    expect(drawn).toEqual(expected);
    // Nothing but unit squares: no markup, no text of the link in it.
    expect(drawing.path).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
  });

  it('has the three finder squares a scanner looks for, in the corners', () => {
    const { size, path } = linkQrCode(url);
    const drawn = darkSquares(path);
    const code = size - 2 * quietZoneModules;
    for (const [top, left] of [[0, 0], [0, code - 7], [code - 7, 0]] as const) {
      // The finder's dark outer ring and its 3x3 centre.
      for (let i = 0; i < 7; i++) {
        expect(drawn.has(`${top},${left + i}`)).toBe(true);
        expect(drawn.has(`${top + 6},${left + i}`)).toBe(true);
      }
      expect(drawn.has(`${top + 3},${left + 3}`)).toBe(true);
      expect(drawn.has(`${top + 1},${left + 1}`)).toBe(false);
    }
  });

  it('differs for another link', () => {
    expect(linkQrCode(`${url}x`).path).not.toBe(linkQrCode(url).path);
  });
});
