import { isSlice } from './H264AccessUnit.ts';
import { NalType, nalUnitType } from './H264NalUnit.ts';

const isParameterSet = (nal: Uint8Array): boolean => nalUnitType(nal) === NalType.sps || nalUnitType(nal) === NalType.pps;
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * One picture's NAL units with its parameter sets ahead of its first slice. A parameter set after
 * a slice starts a new access unit for a decoder reading Annex B (H.264 §7.4.1.2.3), which would
 * cut the picture in two; GStreamer's rtph264pay with config-interval=-1 repeats SPS and PPS
 * before every IDR slice, so a camera with several slices per picture sends exactly that.
 * Repeats are dropped; a parameter set seen first after a slice is moved ahead of it.
 */
export function parameterSetsFirst(nalUnits: Uint8Array[]): Uint8Array[] {
  const firstSlice = nalUnits.findIndex(isSlice);
  if (firstSlice < 0 || !nalUnits.slice(firstSlice).some(isParameterSet)) return nalUnits;
  const before = nalUnits.slice(0, firstSlice);
  const after: Uint8Array[] = [];
  for (const nal of nalUnits.slice(firstSlice)) {
    if (!isParameterSet(nal)) after.push(nal);
    else if (!before.some((earlier) => sameBytes(earlier, nal))) before.push(nal);
  }
  return [...before, ...after];
}
