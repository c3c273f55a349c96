const spsType = 7;
const stapA = 24;

/**
 * The profile-level-id (RFC 6184: profile_idc, constraint flags, level_idc as 6 hex digits) of
 * the SPS in an H.264 RTP payload, if the payload carries one (alone or in a STAP-A); the
 * producer is announced with it so the SFU routes the camera's own profile.
 */
export function h264ProfileLevelId(payload: Uint8Array): string | undefined {
  if (payload.length < 1) return undefined;
  const type = payload[0]! & 0x1f;
  if (type === spsType) return fromSps(payload);
  if (type !== stapA) return undefined;
  for (let offset = 1; offset + 2 <= payload.length; ) {
    const size = (payload[offset]! << 8) | payload[offset + 1]!;
    const nal = payload.subarray(offset + 2, offset + 2 + size);
    if (nal.length < size) return undefined;
    if (nal.length > 0 && (nal[0]! & 0x1f) === spsType) return fromSps(nal);
    offset += 2 + size;
  }
  return undefined;
}

function fromSps(nal: Uint8Array): string | undefined {
  if (nal.length < 4) return undefined;
  return [nal[1]!, nal[2]!, nal[3]!].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
