import { describe, expect, it } from 'vitest';
import { h264ProfileLevelId } from './h264ProfileLevelId.ts';

describe('h264ProfileLevelId', () => {
  const sps = [0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02];
  const pps = [0x68, 0xce, 0x3c, 0x80];

  it('reads a lone SPS', () => expect(h264ProfileLevelId(Uint8Array.from(sps))).toBe('42c01e'));

  it('reads an SPS inside a STAP-A', () => {
    const stap = Uint8Array.from([0x78, 0, pps.length, ...pps, 0, sps.length, ...sps]);
    expect(h264ProfileLevelId(stap)).toBe('42c01e');
  });

  it('finds none in a slice, a truncated STAP-A or an empty payload', () => {
    expect(h264ProfileLevelId(Uint8Array.of(0x65, 0x88, 0x84))).toBeUndefined();
    expect(h264ProfileLevelId(Uint8Array.of(0x78, 0, 40, 0x67, 0x42))).toBeUndefined();
    expect(h264ProfileLevelId(new Uint8Array())).toBeUndefined();
  });
});
