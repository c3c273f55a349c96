import { describe, expect, it } from 'vitest';
import { BitReader, BitstreamEndError } from './BitReader.ts';

describe('BitReader', () => {
  it('reads fixed-width fields and Exp-Golomb codes, most significant bit first', () => {
    // 1 | 010 | 011 | 00100 | 00101 | 0001000 | 101 (u3) | 1 -> ue 0, 1, 2, 3, se of 4 -> -2, 7 -> 4, u3 = 5
    const bits = '1' + '010' + '011' + '00100' + '00101' + '0001000' + '101' + '1';
    const bytes = Uint8Array.from(bits.padEnd(32, '0').match(/.{8}/g)!.map((b) => parseInt(b, 2)));
    const reader = new BitReader(bytes);
    expect([reader.ue(), reader.ue(), reader.ue(), reader.ue(), reader.se(), reader.se(), reader.u(3), reader.u1()]).toEqual([0, 1, 2, 3, -2, 4, 5, 1]);
    expect(reader.bitsLeft).toBe(32 - bits.length);
  });

  it('reads 32-bit fields whole', () => {
    expect(new BitReader(Uint8Array.of(0xff, 0xff, 0xff, 0xfe)).u(32)).toBe(0xfffffffe);
  });

  it('throws BitstreamEndError past the end, and on a code no field could hold', () => {
    const reader = new BitReader(Uint8Array.of(0x00));
    expect(() => reader.ue()).toThrow(BitstreamEndError);
    expect(() => new BitReader(new Uint8Array(8)).ue()).toThrow(BitstreamEndError);
    expect(() => new BitReader(Uint8Array.of(1)).skip(9)).toThrow(/ends early/);
  });
});
