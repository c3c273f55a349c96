/** The NAL unit types (H.264 Table 7-1) the passthrough looks at. */
export const NalType = {
  slice: 1,
  idrSlice: 5,
  sei: 6,
  sps: 7,
  pps: 8,
  accessUnitDelimiter: 9,
} as const;

/** RTP payload structures (RFC 6184 §5.4): STAP-A and FU-A are mode 1; the rest belong to mode 2. */
export const RtpNalType = {
  stapA: 24,
  stapB: 25,
  mtap16: 26,
  mtap24: 27,
  fuA: 28,
  fuB: 29,
} as const;

export function nalUnitType(nal: Uint8Array): number {
  return (nal[0] ?? 0) & 0x1f;
}

/**
 * The RBSP of a NAL unit: its bytes after the header with the emulation-prevention bytes
 * (00 00 03 -> 00 00) removed, which the bit syntax of SPS and slice headers is written in.
 * `maxBytes` stops early: a slice header needs only its first few bytes, not the whole slice.
 */
export function rbspOf(nal: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  const out = new Uint8Array(Math.max(0, Math.min(nal.length - 1, maxBytes)));
  let length = 0;
  let zeros = 0;
  for (let i = 1; i < nal.length && length < out.length; i++) {
    const byte = nal[i]!;
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
    out[length++] = byte;
  }
  return out.subarray(0, length);
}
