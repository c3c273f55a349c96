import { metresPerDegree } from './geo.ts';

/** The finest grid: closer lines than this say nothing a pilot can use. */
const finestM = 10;
/** Half the Earth's circumference: no coarser grid is needed at any zoom. */
const coarsestM = 20_000_000;

/** Metres one pixel covers at this zoom and latitude on a Web Mercator map (256-pixel tiles). */
export function metresPerPixel(zoom: number, latitude: number): number {
  return (156_543.034 * Math.cos((latitude * Math.PI) / 180)) / 2 ** zoom;
}

/**
 * The grid's line spacing, metres: the smallest of 10, 20, 50, 100, 200, 500, 1000… (as map
 * scales step) that leaves at least `minPixels` between lines.
 */
export function gridSpacingM(metresPerPx: number, minPixels = 64): number {
  for (let decade = finestM; decade <= coarsestM; decade *= 10) {
    for (const step of [1, 2, 5]) {
      if ((step * decade) / metresPerPx >= minPixels) return step * decade;
    }
  }
  return coarsestM;
}

/** "50 m", "2 km". */
export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
}

/** Degrees of latitude and of longitude (at `latitude`) that span `metres`. */
export function degreesFor(metres: number, latitude: number): { lat: number; lon: number } {
  return { lat: metres / metresPerDegree, lon: metres / (metresPerDegree * Math.max(0.01, Math.cos((latitude * Math.PI) / 180))) };
}

/** Multiples of `step` from `from` to `to` (inclusive): where the grid lines fall. */
export function gridLines(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let i = Math.ceil(from / step); i * step <= to; i++) out.push(i * step);
  return out;
}
