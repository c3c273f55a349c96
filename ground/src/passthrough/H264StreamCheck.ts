import { EventEmitter } from 'node:events';
import { findNalUnit, type H264AccessUnit } from './H264AccessUnit.ts';
import { NalType } from './H264NalUnit.ts';
import { H264ParameterSets } from './H264ParameterSets.ts';
import { sliceKindOf } from './H264SliceHeader.ts';
import type { H264Sps } from './H264Sps.ts';
import type { RtpPacket } from './RtpPacket.ts';
import { isVp8Keyframe, looksLikeH264 } from './rtpPayloadCodec.ts';

export type H264StreamProblemKind = 'not-h264' | 'no-parameter-sets' | 'long-gop' | 'b-frames';

export interface H264StreamProblem {
  kind: H264StreamProblemKind;
  /** For the operator: what is wrong, what it costs, and what to set on the camera. */
  message: string;
}

export interface H264StreamCheckOptions {
  /** Milliseconds; any monotonic clock (tests pass a simulated one). */
  now: () => number;
  /** Longest keyframe interval accepted; default 1 s. */
  maxGopSeconds?: number;
  /** How long a stream may go without any SPS/PPS; default 2 s. */
  parameterSetGraceMs?: number;
  /** Packets judged before deciding whether this is H.264 at all; default 30. */
  codecSamplePackets?: number;
}

export interface H264StreamCheckEvents {
  /** A new problem with the camera's stream: each kind is reported once. */
  problem: [H264StreamProblem];
  /** The camera's SPS, when first seen and whenever it changes (size, profile, level). */
  sps: [H264Sps];
}

const clockRate = 90_000;
/** Intervals are measured on RTP timestamps: allow for a camera that rounds them. */
const gopTolerance = 0.02;
/** With no keyframe at all for this long, say so without waiting for one. */
const noKeyframeSeconds = 10;

/**
 * Checks that a camera sends what the passthrough needs (README, "Real drone cameras"): H.264
 * in packetization-mode 1, SPS/PPS in band before each keyframe, a keyframe at least every
 * second, and no B-frames. Says plainly what is wrong, once per problem. Feed it every RTP
 * packet (inspectPacket) and every access unit from the depacketizer (inspectAccessUnit).
 */
export class H264StreamCheck extends EventEmitter<H264StreamCheckEvents> {
  private readonly found = new Map<H264StreamProblemKind, H264StreamProblem>();
  private readonly parameterSets = new H264ParameterSets();
  private readonly maxGopSeconds: number;
  private readonly graceMs: number;
  private readonly samplePackets: number;
  private firstSeenMs: number | undefined;
  private sampled = 0;
  private h264Like = 0;
  private sawVp8 = false;
  private payloadType: number | undefined;
  private sawParameterSets = false;
  /** SPS and PPS since the last keyframe (they must come again before the next one). */
  private spsSinceKeyframe = false;
  private ppsSinceKeyframe = false;
  /** The RTP timestamp of the last keyframe, or of the first access unit until one comes. */
  private keyframeTimestamp: number | undefined;
  private sawKeyframe = false;
  /** Access units were lost since the last keyframe: its interval says nothing about the GOP. */
  private brokenSinceKeyframe = false;
  private lastSps: H264Sps | undefined;

  constructor(private readonly options: H264StreamCheckOptions) {
    super();
    this.maxGopSeconds = options.maxGopSeconds ?? 1;
    this.graceMs = options.parameterSetGraceMs ?? 2000;
    this.samplePackets = options.codecSamplePackets ?? 30;
  }

  /** Every problem found so far. */
  get problems(): H264StreamProblem[] {
    return [...this.found.values()];
  }

  /** The latest SPS, read. */
  get sps(): H264Sps | undefined {
    return this.lastSps;
  }

  inspectPacket(packet: RtpPacket): void {
    this.firstSeenMs ??= this.options.now();
    if (this.sampled < this.samplePackets) {
      this.payloadType = packet.payloadType;
      this.sampled++;
      if (looksLikeH264(packet.payload)) this.h264Like++;
      else if (isVp8Keyframe(packet.payload)) this.sawVp8 = true;
      if (this.sampled === this.samplePackets && this.h264Like * 2 < this.sampled) this.reportNotH264();
    }
    this.checkParameterSetsArrived();
  }

  inspectAccessUnit(unit: H264AccessUnit): void {
    this.firstSeenMs ??= this.options.now();
    const sps = this.parameterSets.update(unit);
    if (sps && !sameFormat(sps, this.lastSps)) {
      this.lastSps = sps;
      this.emit('sps', sps);
    }
    if (unit.discontinuity) this.brokenSinceKeyframe = true;
    const hasSps = findNalUnit(unit, NalType.sps) !== undefined;
    const hasPps = findNalUnit(unit, NalType.pps) !== undefined;
    this.spsSinceKeyframe ||= hasSps;
    this.ppsSinceKeyframe ||= hasPps;
    if (hasSps && hasPps) this.sawParameterSets = true;
    if (unit.keyframe) this.onKeyframe(unit);
    else this.onOtherPicture(unit);
    this.checkParameterSetsArrived();
  }

  private onKeyframe(unit: H264AccessUnit): void {
    // After a loss the parameter sets may have been in what was dropped: no verdict then.
    if (!(this.spsSinceKeyframe && this.ppsSinceKeyframe) && !unit.discontinuity) {
      this.report('no-parameter-sets', `the camera sends a keyframe without SPS/PPS before it: ${parameterSetAdvice}`);
    }
    const previous = this.keyframeTimestamp;
    if (previous !== undefined && this.sawKeyframe && !this.brokenSinceKeyframe) {
      const seconds = elapsedSeconds(previous, unit.rtpTimestamp);
      if (seconds !== undefined && seconds > this.maxGopSeconds + gopTolerance) this.reportLongGop(`keyframes come every ${seconds.toFixed(1)} s`);
    }
    this.keyframeTimestamp = unit.rtpTimestamp;
    this.sawKeyframe = true;
    this.brokenSinceKeyframe = false;
    this.spsSinceKeyframe = false;
    this.ppsSinceKeyframe = false;
  }

  private onOtherPicture(unit: H264AccessUnit): void {
    this.keyframeTimestamp ??= unit.rtpTimestamp;
    const slice = findNalUnit(unit, NalType.slice);
    if (slice && sliceKindOf(slice) === 'B') {
      this.report('b-frames', 'the camera sends B-frames: each holds the picture back by a frame or more before anyone can show it. Turn B-frames off on the camera (x264: bframes=0 / ffmpeg -bf 0, or the Baseline profile)');
    }
    const seconds = elapsedSeconds(this.keyframeTimestamp, unit.rtpTimestamp);
    if (seconds !== undefined && seconds > noKeyframeSeconds && !this.brokenSinceKeyframe) {
      this.reportLongGop(this.sawKeyframe ? `no keyframe for ${noKeyframeSeconds} s` : `no keyframe in the first ${noKeyframeSeconds} s`);
    }
  }

  private checkParameterSetsArrived(): void {
    if (this.sawParameterSets || this.found.has('not-h264') || this.firstSeenMs === undefined) return;
    if (this.options.now() - this.firstSeenMs < this.graceMs) return;
    this.report('no-parameter-sets', `the camera sent no SPS/PPS in ${this.graceMs / 1000} s: ${parameterSetAdvice}`);
  }

  private reportNotH264(): void {
    const what = this.sawVp8 ? 'the camera sends VP8, not H.264' : `the camera does not send H.264 (its RTP payload type ${this.payloadType} does not carry H.264 NAL units)`;
    this.report('not-h264', `${what}: passthrough forwards H.264 only. Set the camera's encoder to H.264 (RTP packetization-mode 1), or use it through ffmpeg (--camera udp://… transcodes)`);
  }

  private reportLongGop(what: string): void {
    this.report(
      'long-gop',
      `${what}: a phone that joins, or loses a packet, waits that long for a picture, since a camera does not answer keyframe requests. Set the camera's GOP (keyframe interval) to ${this.maxGopSeconds} s or less`,
    );
  }

  private report(kind: H264StreamProblemKind, message: string): void {
    if (this.found.has(kind)) return;
    const problem = { kind, message };
    this.found.set(kind, problem);
    this.emit('problem', problem);
  }
}

const parameterSetAdvice =
  'a phone that joins later cannot start decoding. Send SPS/PPS in band before every keyframe (x264: repeat-headers=1; ffmpeg: -bsf:v dump_extra)';

/** Seconds from one RTP timestamp to a later one (wrapping), or undefined if it went backwards (a restarted camera). */
function elapsedSeconds(from: number, to: number): number | undefined {
  const ticks = (to - from) >>> 0;
  return ticks >= 0x80000000 ? undefined : ticks / clockRate;
}

function sameFormat(a: H264Sps, b: H264Sps | undefined): boolean {
  return b !== undefined && a.profileLevelId === b.profileLevelId && a.width === b.width && a.height === b.height;
}
