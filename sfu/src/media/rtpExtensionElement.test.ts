import { describe, expect, it } from 'vitest';
import { withOneByteExtension } from './rtpExtensionElement.ts';

const payload = Buffer.from([0x90, 0xe0, 0x01, 0x02, 0x03]);

function packet(extensionBlock?: number[]): Buffer {
  const header = Buffer.from([extensionBlock ? 0x90 : 0x80, 96, 0, 1, 0, 0, 0, 9, 0xaa, 0xbb, 0xcc, 0xdd]);
  return Buffer.concat([header, Buffer.from(extensionBlock ?? []), payload]);
}

describe('withOneByteExtension', () => {
  it('adds an extension block to a packet without one, keeping the payload', () => {
    const out = withOneByteExtension(packet(), 6, Uint8Array.of(0, 0, 0));
    expect(out[0]).toBe(0x90);
    expect([...out.subarray(12, 20)]).toEqual([0xbe, 0xde, 0, 1, 0x62, 0, 0, 0]);
    expect(out.subarray(20)).toEqual(payload);
  });

  it('keeps the other elements and replaces one with the same id', () => {
    // abs-send-time (id 3, 3 bytes) and an old playout delay (id 6) with padding.
    const out = withOneByteExtension(packet([0xbe, 0xde, 0, 2, 0x32, 1, 2, 3, 0x62, 9, 9, 9]), 6, Uint8Array.of(0, 0, 0));
    expect([...out.subarray(12, 24)]).toEqual([0xbe, 0xde, 0, 2, 0x32, 1, 2, 3, 0x62, 0, 0, 0]);
    expect(out.subarray(24)).toEqual(payload);
  });

  it('pads to whole words and leaves two-byte extensions and nonsense alone', () => {
    const out = withOneByteExtension(packet([0xbe, 0xde, 0, 1, 0x10, 7, 0, 0]), 6, Uint8Array.of(0, 0, 0));
    // id 1 (1 byte) + id 6 (3 bytes) = 6 bytes -> 2 words.
    expect([...out.subarray(12, 24)]).toEqual([0xbe, 0xde, 0, 2, 0x10, 7, 0x62, 0, 0, 0, 0, 0]);
    const twoByte = packet([0x10, 0x00, 0, 1, 1, 1, 7, 0]);
    expect(withOneByteExtension(twoByte, 6, Uint8Array.of(0, 0, 0))).toBe(twoByte);
    const short = Buffer.from([0x80, 96]);
    expect(withOneByteExtension(short, 6, Uint8Array.of(0))).toBe(short);
  });
});
