import { findNalUnit, type H264AccessUnit } from './H264AccessUnit.ts';
import { NalType } from './H264NalUnit.ts';
import { parseSps, type H264Sps } from './H264Sps.ts';

/**
 * The latest SPS and PPS a camera sent, so whoever starts decoding or recording at a keyframe can
 * put them first even when the camera sent them in an earlier access unit.
 * (One of each: cameras use a single SPS and PPS; several parameter-set ids are not tracked.)
 */
export class H264ParameterSets {
  private sps: Uint8Array | undefined;
  private pps: Uint8Array | undefined;
  private info: H264Sps | undefined;

  /** What the latest SPS says; undefined before one arrives (or if it could not be read). */
  get current(): H264Sps | undefined {
    return this.info;
  }

  /** Notes the access unit's parameter sets; returns the SPS it carries, if any (read or not). */
  update(unit: H264AccessUnit): H264Sps | undefined {
    const sps = findNalUnit(unit, NalType.sps);
    const pps = findNalUnit(unit, NalType.pps);
    if (pps) this.pps = pps;
    if (!sps) return undefined;
    if (!this.sps || !sameBytes(sps, this.sps)) {
      this.sps = sps;
      this.info = parseSps(sps);
    }
    return this.info;
  }

  /**
   * A keyframe's NAL units with the SPS and PPS a decoder needs in front of its slices, taken from
   * earlier access units when it lacks them; undefined when none has arrived yet.
   */
  keyframeStart(unit: H264AccessUnit): Uint8Array[] | undefined {
    this.update(unit);
    const hasSps = findNalUnit(unit, NalType.sps) !== undefined;
    const hasPps = findNalUnit(unit, NalType.pps) !== undefined;
    if (hasSps && hasPps) return unit.nalUnits;
    if (!this.sps || !this.pps) return undefined;
    return [...(hasSps ? [] : [this.sps]), ...(hasPps ? [] : [this.pps]), ...unit.nalUnits];
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
