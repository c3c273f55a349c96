export type ByteRange =
  /** No usable Range header: send the whole file (200). */
  | { kind: 'whole' }
  /** Send bytes start..end inclusive (206). */
  | { kind: 'part'; start: number; end: number }
  /** A range entirely past the end (416). */
  | { kind: 'unsatisfiable' };

/**
 * Reads a Range header (RFC 9110) for a file of `size` bytes. One range is served: "bytes=a-b",
 * "bytes=a-" or "bytes=-n" (the last n). Several ranges, other units or a malformed header are
 * ignored, which the RFC allows: the whole file is sent instead.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange {
  if (!header) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end };
}
