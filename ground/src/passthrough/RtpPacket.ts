/**
 * One RTP packet (RFC 3550), read without copying the payload. Only what the H.264 passthrough
 * needs: the fixed header, the payload, and whether one-byte header extensions are present.
 */
export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** The payload, padding removed: a view into the datagram. */
  payload: Uint8Array;
}

/** Reads a datagram as RTP; undefined if it is not RTP version 2 or is truncated. */
export function parseRtpPacket(datagram: Uint8Array): RtpPacket | undefined {
  if (datagram.length < 12) return undefined;
  const first = datagram[0]!;
  if (first >> 6 !== 2) return undefined;
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const csrcCount = first & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (first & 0x10) {
    if (datagram.length < offset + 4) return undefined;
    const words = view.getUint16(offset + 2);
    offset += 4 + words * 4;
  }
  let end = datagram.length;
  if (first & 0x20) end -= datagram[datagram.length - 1]!;
  if (offset > end) return undefined;
  const second = datagram[1]!;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: datagram.subarray(offset, end),
  };
}

/** RTCP shares the port when a camera multiplexes it: payload types 72–76 in the RTP position (RFC 5761). */
export function isRtcp(datagram: Uint8Array): boolean {
  if (datagram.length < 2) return false;
  const type = datagram[1]! & 0x7f;
  return datagram[0]! >> 6 === 2 && type >= 72 && type <= 76;
}
