import { NalType, nalUnitType } from './H264NalUnit.ts';

/** One coded picture as the camera sent it: what the passthrough hands to photos, recordings and decoders. */
export interface H264AccessUnit {
  /** NAL units in order, without start codes; each owns its bytes. */
  nalUnits: Uint8Array[];
  /** The RTP timestamp (90 kHz) shared by the access unit's packets. */
  rtpTimestamp: number;
  /** Contains an IDR slice: decoding can start here (with SPS and PPS). */
  keyframe: boolean;
  /** When its first packet arrived, in milliseconds on the clock given to the depacketizer. */
  arrivalMs: number;
  /** The first access unit after lost or dropped ones: time jumps here, and nothing before it continues. */
  discontinuity: boolean;
}

export interface AccessUnitSourceEvents {
  accessUnit: [H264AccessUnit];
}

/** Whatever emits access units: the depacketizer of an RTP camera, or a test. */
export interface AccessUnitSource {
  on(event: 'accessUnit', listener: (unit: H264AccessUnit) => void): unknown;
  off(event: 'accessUnit', listener: (unit: H264AccessUnit) => void): unknown;
}

const startCode = new Uint8Array([0, 0, 0, 1]);

/** NAL units as an Annex B byte stream (each behind 00 00 00 01), what ffmpeg's `-f h264` reads. */
export function toAnnexB(nalUnits: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const nal of nalUnits) size += startCode.length + nal.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const nal of nalUnits) {
    out.set(startCode, offset);
    out.set(nal, offset + startCode.length);
    offset += startCode.length + nal.length;
  }
  return out;
}

export function accessUnitBytes(unit: H264AccessUnit): number {
  let size = 0;
  for (const nal of unit.nalUnits) size += nal.length;
  return size;
}

export function findNalUnit(unit: H264AccessUnit, type: number): Uint8Array | undefined {
  return unit.nalUnits.find((nal) => nalUnitType(nal) === type);
}

export function isIdr(nal: Uint8Array): boolean {
  return nalUnitType(nal) === NalType.idrSlice;
}

/** A coded slice (NAL types 1 to 5): picture data, as opposed to parameter sets, SEI or delimiters. */
export function isSlice(nal: Uint8Array): boolean {
  const type = nalUnitType(nal);
  return type >= NalType.slice && type <= NalType.idrSlice;
}
