import { describe, expect, it } from 'vitest';
import { formatBytes } from './formatBytes.ts';

describe('formatBytes', () => {
  it('uses the unit people expect, with one decimal for small numbers', () => {
    expect(formatBytes(850)).toBe('850 B');
    expect(formatBytes(12_345)).toBe('12 kB');
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
  });

  it('rounds across unit edges without showing 1000 of a unit', () => {
    expect(formatBytes(999_999)).toBe('1.0 MB');
    expect(formatBytes(9_990)).toBe('10 kB');
    expect(formatBytes(-1)).toBe('0 B');
  });
});
