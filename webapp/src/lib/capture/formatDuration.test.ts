import { describe, expect, it } from 'vitest';
import { formatDuration } from './formatDuration.ts';

describe('formatDuration', () => {
  it('shows minutes and seconds, rounding down to whole seconds', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(999)).toBe('0:00');
    expect(formatDuration(12_400)).toBe('0:12');
    expect(formatDuration(725_000)).toBe('12:05');
  });

  it('adds hours only when needed', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(36_000_000)).toBe('10:00:00');
  });

  it('never shows a negative or broken time', () => {
    expect(formatDuration(-500)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
  });
});
