import { describe, expect, it } from 'vitest';
import { parameterSetsFirst } from './parameterSetsFirst.ts';

const nal = (type: number, ...bytes: number[]): Uint8Array => new Uint8Array([0x60 | type, ...bytes]);
const types = (units: Uint8Array[]): string => units.map((u) => `${u[0]! & 0x1f}${u.length > 1 ? `.${u[1]}` : ''}`).join(' ');

describe('parameterSetsFirst', () => {
  it('drops the SPS and PPS repeated between the slices of one picture (GStreamer config-interval=-1)', () => {
    const units = [nal(6), nal(7, 1), nal(8, 1), nal(5, 1), nal(7, 1), nal(8, 1), nal(5, 2)];
    expect(types(parameterSetsFirst(units))).toBe('6 7.1 8.1 5.1 5.2');
  });

  it('moves a parameter set first seen after a slice ahead of the first slice, keeping the slices in order', () => {
    expect(types(parameterSetsFirst([nal(7, 1), nal(5, 1), nal(8, 2), nal(5, 2)]))).toBe('7.1 8.2 5.1 5.2');
    expect(types(parameterSetsFirst([nal(1, 1), nal(7, 3), nal(1, 2)]))).toBe('7.3 1.1 1.2');
  });

  it('leaves a picture in order as it is', () => {
    const units = [nal(7, 1), nal(8, 1), nal(5, 1), nal(5, 2)];
    expect(parameterSetsFirst(units)).toBe(units);
    const alone = [nal(7, 1), nal(8, 1)];
    expect(parameterSetsFirst(alone)).toBe(alone);
  });
});
