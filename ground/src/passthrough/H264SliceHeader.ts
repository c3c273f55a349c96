import { BitReader } from './BitReader.ts';
import { NalType, nalUnitType, rbspOf } from './H264NalUnit.ts';

/** slice_type (Table 7-6); 5..9 mean the same as 0..4, for every slice of the picture. */
export type SliceKind = 'P' | 'B' | 'I' | 'SP' | 'SI';
const kinds: SliceKind[] = ['P', 'B', 'I', 'SP', 'SI'];

/**
 * The kind of a coded slice (NAL type 1 or 5), read from the start of its header:
 * first_mb_in_slice ue(v), then slice_type ue(v). Undefined for other NAL units or a truncated header.
 */
export function sliceKindOf(nal: Uint8Array): SliceKind | undefined {
  const type = nalUnitType(nal);
  if (type !== NalType.slice && type !== NalType.idrSlice) return undefined;
  // Two Exp-Golomb codes of at most 32+33 bits each fit in 16 bytes.
  const bits = new BitReader(rbspOf(nal, 16));
  try {
    bits.ue(); // first_mb_in_slice
    const sliceType = bits.ue();
    return sliceType <= 9 ? kinds[sliceType % 5] : undefined;
  } catch {
    return undefined;
  }
}
