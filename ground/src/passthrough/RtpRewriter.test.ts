import { describe, expect, it } from 'vitest';
import { parseRtpPacket, type RtpPacket } from './RtpPacket.ts';
import { RtpRewriter } from './RtpRewriter.ts';

function cameraPacket(sequenceNumber: number, timestamp: number, ssrc = 0x1111, marker = false): RtpPacket {
  return { payloadType: 96, marker, sequenceNumber, timestamp, ssrc, payload: Uint8Array.of(0x65, 1, 2, 3) };
}

describe('RtpRewriter', () => {
  const options = { ssrc: 0xabcdef01, payloadType: 125, playoutDelay: { id: 3, delayMs: 0 }, firstSequenceNumber: 65534 };

  it('sends our SSRC, payload type and gapless sequence, with a zero playout delay, and the payload unchanged', () => {
    const rewriter = new RtpRewriter(options);
    const outs = [cameraPacket(10, 9000), cameraPacket(500, 9000, 0x1111, true), cameraPacket(501, 12000)].map((p) => rewriter.rewrite(p));
    const parsed = outs.map((o) => parseRtpPacket(o.packet)!);
    expect(parsed.map((p) => p.sequenceNumber)).toEqual([65534, 65535, 0]);
    expect(parsed.map((p) => p.ssrc)).toEqual([0xabcdef01, 0xabcdef01, 0xabcdef01]);
    expect(parsed.map((p) => p.payloadType)).toEqual([125, 125, 125]);
    expect(parsed.map((p) => p.marker)).toEqual([false, true, false]);
    expect(parsed.map((p) => p.timestamp)).toEqual([9000, 9000, 12000]);
    expect([...parsed[0]!.payload]).toEqual([0x65, 1, 2, 3]);
    expect(outs[0]!.headerLength).toBe(20);
    // One-byte extension block: id 3, 3 bytes, min = max = 0.
    expect([...outs[0]!.packet.subarray(12, 20)]).toEqual([0xbe, 0xde, 0, 1, 0x32, 0, 0, 0]);
  });

  it('writes another delay as 12-bit min and max in 10 ms units, or no extension at all', () => {
    const delayed = new RtpRewriter({ ...options, playoutDelay: { id: 3, delayMs: 120 } }).rewrite(cameraPacket(1, 0));
    // 12 units: min 0x00C, max 0x00C.
    expect([...delayed.packet.subarray(16, 20)]).toEqual([0x32, 0x00, 0xc0, 0x0c]);
    const { playoutDelay: _none, ...withoutDelay } = options;
    const plain = new RtpRewriter(withoutDelay).rewrite(cameraPacket(1, 0));
    expect(plain.headerLength).toBe(12);
    expect(plain.packet[0]).toBe(0x80);
    expect([...parseRtpPacket(plain.packet)!.payload]).toEqual([0x65, 1, 2, 3]);
  });

  it('continues the timeline when the camera restarts with a new SSRC and timestamps', () => {
    const rewriter = new RtpRewriter(options);
    rewriter.rewrite(cameraPacket(1, 4_294_967_000));
    const after = parseRtpPacket(rewriter.rewrite(cameraPacket(1, 77, 0x2222)).packet)!;
    expect(after.timestamp).toBe((4_294_967_000 + 3000) >>> 0);
    const next = parseRtpPacket(rewriter.rewrite(cameraPacket(2, 77 + 3000, 0x2222)).packet)!;
    expect(next.timestamp).toBe((4_294_967_000 + 6000) >>> 0);
  });
});
