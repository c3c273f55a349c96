import { describe, expect, it } from 'vitest';
import { parseByteRange } from './parseByteRange.ts';

describe('parseByteRange', () => {
  it('reads the three forms of one range', () => {
    expect(parseByteRange('bytes=0-99', 1000)).toEqual({ kind: 'part', start: 0, end: 99 });
    expect(parseByteRange('bytes=900-', 1000)).toEqual({ kind: 'part', start: 900, end: 999 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ kind: 'part', start: 900, end: 999 });
  });

  it('clips a range that runs past the end, and a suffix longer than the file', () => {
    expect(parseByteRange('bytes=990-5000', 1000)).toEqual({ kind: 'part', start: 990, end: 999 });
    expect(parseByteRange('bytes=-5000', 1000)).toEqual({ kind: 'part', start: 0, end: 999 });
  });

  it('refuses a range that starts past the end', () => {
    expect(parseByteRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
  });

  it('serves the whole file for headers it does not take', () => {
    for (const header of [undefined, '', 'bytes=0-1,5-6', 'items=0-5', 'bytes=5-2', 'bytes=-', 'bytes=a-b']) {
      expect(parseByteRange(header, 1000)).toEqual({ kind: 'whole' });
    }
  });
});
