import { RtpNalType } from './H264NalUnit.ts';

/**
 * Whether an RTP payload reads as RFC 6184 H.264: forbidden bit clear and a NAL type that means
 * something at the start of a stream (slices, SEI, parameter sets, delimiters: 1-12) or one of the
 * RTP structures (STAP/MTAP/FU, 24-29) around one. Other codecs' payload headers rarely do: VP8's
 * descriptor sets the top bit (X) or reads as type 16 or 0.
 */
export function looksLikeH264(payload: Uint8Array): boolean {
  const first = payload[0];
  if (first === undefined || first & 0x80) return false;
  const type = first & 0x1f;
  if (type >= 1 && type <= 12) return true;
  if (type === RtpNalType.fuA || type === RtpNalType.fuB) {
    const inner = (payload[1] ?? 0) & 0x1f;
    return inner >= 1 && inner <= 12 && ((payload[1] ?? 0) & 0xc0) !== 0xc0;
  }
  if (type === RtpNalType.stapA) return payload.length > 3 && ((payload[3] ?? 0) & 0x80) === 0;
  return type >= RtpNalType.stapB && type <= RtpNalType.mtap24;
}

/**
 * Whether a payload is the start of a VP8 keyframe (RFC 7741): a payload descriptor with S set
 * and partition 0, then a frame tag marking a key frame and the start code 9d 01 2a.
 */
export function isVp8Keyframe(payload: Uint8Array): boolean {
  const first = payload[0] ?? 0;
  if (!(first & 0x10) || (first & 0x07) !== 0) return false;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset++] ?? 0;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (extension & 0x40) offset++;
    if (extension & 0x30) offset++;
  }
  return (
    payload.length >= offset + 6 &&
    ((payload[offset] ?? 1) & 0x01) === 0 &&
    payload[offset + 3] === 0x9d &&
    payload[offset + 4] === 0x01 &&
    payload[offset + 5] === 0x2a
  );
}
