import { BitReader } from './BitReader.ts';
import { NalType, nalUnitType, rbspOf } from './H264NalUnit.ts';

/** What a sequence parameter set says about the stream: enough to announce it and to decode it. */
export interface H264Sps {
  profileIdc: number;
  /** The byte of constraint_set0..5 flags, as it appears in profile-level-id. */
  constraintFlags: number;
  levelIdc: number;
  /** The SDP's profile-level-id (RFC 6184 §8.1): "42c01f" for Constrained Baseline level 3.1. */
  profileLevelId: string;
  /** "Constrained Baseline", "Main", "High", ... */
  profileName: string;
  /** The displayed size, after cropping. */
  width: number;
  height: number;
  /** 0 for monochrome, 1 for 4:2:0 (what phones decode), 2 for 4:2:2, 3 for 4:4:4. */
  chromaFormatIdc: number;
  /** False for interlaced coding (field or MBAFF). */
  frameMbsOnly: boolean;
}

/** Profiles whose SPS carries chroma format, bit depths and scaling lists (§7.3.2.1.1). */
const highProfiles = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Reads an SPS NAL unit (header byte included); undefined when it is not one or is malformed. */
export function parseSps(nal: Uint8Array): H264Sps | undefined {
  if (nalUnitType(nal) !== NalType.sps) return undefined;
  try {
    return readSps(new BitReader(rbspOf(nal)));
  } catch {
    return undefined;
  }
}

function readSps(bits: BitReader): H264Sps {
  const profileIdc = bits.u(8);
  const constraintFlags = bits.u(8);
  const levelIdc = bits.u(8);
  bits.ue(); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  if (highProfiles.has(profileIdc)) {
    chromaFormatIdc = bits.ue();
    if (chromaFormatIdc === 3) bits.u1(); // separate_colour_plane_flag
    bits.ue(); // bit_depth_luma_minus8
    bits.ue(); // bit_depth_chroma_minus8
    bits.u1(); // qpprime_y_zero_transform_bypass_flag
    if (bits.u1()) skipScalingLists(bits, chromaFormatIdc === 3 ? 12 : 8);
  }
  bits.ue(); // log2_max_frame_num_minus4
  const picOrderCntType = bits.ue();
  if (picOrderCntType === 0) bits.ue(); // log2_max_pic_order_cnt_lsb_minus4
  else if (picOrderCntType === 1) {
    bits.u1(); // delta_pic_order_always_zero_flag
    bits.se(); // offset_for_non_ref_pic
    bits.se(); // offset_for_top_to_bottom_field
    const cycle = bits.ue();
    if (cycle > 255) throw new RangeError('num_ref_frames_in_pic_order_cnt_cycle out of range');
    for (let i = 0; i < cycle; i++) bits.se();
  }
  bits.ue(); // max_num_ref_frames
  bits.u1(); // gaps_in_frame_num_value_allowed_flag
  const widthInMbs = bits.ue() + 1;
  const heightInMapUnits = bits.ue() + 1;
  const frameMbsOnly = bits.u1() === 1;
  if (!frameMbsOnly) bits.u1(); // mb_adaptive_frame_field_flag
  bits.u1(); // direct_8x8_inference_flag
  const crop = { left: 0, right: 0, top: 0, bottom: 0 };
  if (bits.u1()) {
    crop.left = bits.ue();
    crop.right = bits.ue();
    crop.top = bits.ue();
    crop.bottom = bits.ue();
  }
  // Table 6-1: cropping counts in chroma samples (and in field pairs when interlaced).
  const subWidthC = chromaFormatIdc === 1 || chromaFormatIdc === 2 ? 2 : 1;
  const subHeightC = chromaFormatIdc === 1 ? 2 : 1;
  const cropUnitX = chromaFormatIdc === 0 ? 1 : subWidthC;
  const cropUnitY = (chromaFormatIdc === 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
  const width = widthInMbs * 16 - cropUnitX * (crop.left + crop.right);
  const height = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16 - cropUnitY * (crop.top + crop.bottom);
  if (width <= 0 || height <= 0) throw new RangeError('cropping larger than the picture');
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return {
    profileIdc,
    constraintFlags,
    levelIdc,
    profileLevelId: `${hex(profileIdc)}${hex(constraintFlags)}${hex(levelIdc)}`,
    profileName: profileName(profileIdc, constraintFlags),
    width,
    height,
    chromaFormatIdc,
    frameMbsOnly,
  };
}

function skipScalingLists(bits: BitReader, count: number): void {
  for (let i = 0; i < count; i++) {
    if (!bits.u1()) continue;
    const size = i < 6 ? 16 : 64;
    let last = 8;
    let next = 8;
    for (let j = 0; j < size && next !== 0; j++) {
      next = (last + bits.se() + 256) % 256;
      if (next !== 0) last = next;
    }
  }
}

/** Annex A names; constraint_set1 on Baseline makes it Constrained Baseline, what WebRTC offers first. */
function profileName(profileIdc: number, constraintFlags: number): string {
  const set1 = (constraintFlags & 0x40) !== 0;
  const set3 = (constraintFlags & 0x10) !== 0;
  switch (profileIdc) {
    case 66:
      return set1 ? 'Constrained Baseline' : 'Baseline';
    case 77:
      return 'Main';
    case 88:
      return 'Extended';
    case 100:
      return 'High';
    case 110:
      return set3 ? 'High 10 Intra' : 'High 10';
    case 122:
      return set3 ? 'High 4:2:2 Intra' : 'High 4:2:2';
    case 244:
      return set3 ? 'High 4:4:4 Intra' : 'High 4:4:4 Predictive';
    default:
      return `profile ${profileIdc}`;
  }
}
