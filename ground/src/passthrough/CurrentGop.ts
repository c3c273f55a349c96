import { byteSize } from './byteSize.ts';
import { accessUnitBytes, isSlice, type H264AccessUnit } from './H264AccessUnit.ts';
import { H264ParameterSets } from './H264ParameterSets.ts';
import type { H264Sps } from './H264Sps.ts';

export interface GopSnapshot {
  /** From the keyframe (SPS and PPS first) to the latest picture. */
  units: H264AccessUnit[];
  sps: H264Sps;
  /** Pictures in it (access units with slices). */
  pictures: number;
}

/**
 * The access units since the last keyframe: everything needed to decode the latest picture, kept
 * so a photo can be decoded on request without a decoder running all the time. Bounded in bytes:
 * a GOP beyond the bound is dropped (with the reason kept) until the next keyframe.
 */
export class CurrentGop {
  private units: H264AccessUnit[] = [];
  private bytes = 0;
  private pictures = 0;
  private sps: H264Sps | undefined;
  private overflow: string | undefined;
  private readonly parameterSets = new H264ParameterSets();

  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  /** Why there is nothing to decode now, if the GOP was dropped. */
  get problem(): string | undefined {
    return this.overflow;
  }

  push(unit: H264AccessUnit): void {
    if (unit.keyframe) {
      const start = this.parameterSets.keyframeStart(unit);
      this.reset();
      const sps = this.parameterSets.current;
      // A keyframe without any SPS so far cannot be decoded: wait for one that can.
      if (!start || !sps) return;
      this.sps = sps;
      this.overflow = undefined;
      return this.add({ ...unit, nalUnits: start });
    }
    this.parameterSets.update(unit);
    if (this.units.length > 0) this.add(unit);
  }

  /** The GOP as it is now (a copy of the list; units are never modified), or undefined if there is none. */
  snapshot(): GopSnapshot | undefined {
    if (this.units.length === 0 || !this.sps || this.pictures === 0) return undefined;
    return { units: [...this.units], sps: this.sps, pictures: this.pictures };
  }

  private add(unit: H264AccessUnit): void {
    this.bytes += accessUnitBytes(unit);
    if (this.bytes > this.maxBytes) {
      this.reset();
      this.overflow = `the camera's keyframes are too far apart to keep a picture (over ${byteSize(this.maxBytes)} since the last one): set its GOP to 1 s or less`;
      return;
    }
    this.units.push(unit);
    if (unit.nalUnits.some(isSlice)) this.pictures++;
  }

  private reset(): void {
    this.units = [];
    this.bytes = 0;
    this.pictures = 0;
  }
}
