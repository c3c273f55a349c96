import { describe, expect, it } from 'vitest';
import { degreesFor, formatDistance, gridLines, gridSpacingM, metresPerPixel } from './metricGrid.ts';

describe('the metric grid', () => {
  it('knows the Web Mercator scale: 156 km a pixel for the whole world, half that per zoom, less towards the poles', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156_543, 0);
    expect(metresPerPixel(1, 0)).toBeCloseTo(78_271.5, 0);
    expect(metresPerPixel(18, 60)).toBeCloseTo(metresPerPixel(18, 0) / 2, 6);
  });

  it('spaces lines 1-2-5 by the zoom, at least 64 pixels apart', () => {
    // Zoom 18 at the equator: 0.6 m a pixel, so 50 m (83 px) is the first step past 64 px.
    expect(gridSpacingM(metresPerPixel(18, 0))).toBe(50);
    expect(gridSpacingM(metresPerPixel(17, 0))).toBe(100);
    expect(gridSpacingM(metresPerPixel(15, 0))).toBe(500);
    expect(gridSpacingM(metresPerPixel(13, 0))).toBe(2000);
    expect(gridSpacingM(1, 100)).toBe(100);
  });

  it('draws no line closer than 10 m, and a few far apart at world zoom', () => {
    expect(gridSpacingM(0.01)).toBe(10);
    const world = gridSpacingM(metresPerPixel(2, 0));
    expect(world / metresPerPixel(2, 0)).toBeGreaterThanOrEqual(64);
    expect(world).toBe(5_000_000);
    expect(gridSpacingM(Number.NaN)).toBe(20_000_000);
  });

  it('labels spacings as a scale does', () => {
    expect(formatDistance(50)).toBe('50 m');
    expect(formatDistance(2000)).toBe('2 km');
  });

  it('puts lines on multiples of the spacing, so neighbouring tiles meet', () => {
    expect(gridLines(0.95, 3.2, 1)).toEqual([1, 2, 3]);
    expect(gridLines(-2.5, -0.5, 1)).toEqual([-2, -1]);
    expect(gridLines(0.1, 0.9, 1)).toEqual([]);
    // Steps of a tenth land on the same values from either side, without drift.
    expect(gridLines(46.95, 47.25, 0.1).map((v) => v.toFixed(9))).toEqual(['47.000000000', '47.100000000', '47.200000000']);
  });

  it('turns metres into degrees: a degree of longitude is half as long at 60°', () => {
    expect(degreesFor(111_320, 0)).toEqual({ lat: 1, lon: 1 });
    expect(degreesFor(111_320, 60).lon).toBeCloseTo(2, 6);
  });
});
