import { EventEmitter } from 'node:events';
import type { RtpPacket } from './RtpPacket.ts';
import { isIdr, isSlice, type AccessUnitSourceEvents, type H264AccessUnit } from './H264AccessUnit.ts';
import { RtpNalType } from './H264NalUnit.ts';
import { byteSize } from './byteSize.ts';
import { parameterSetsFirst } from './parameterSetsFirst.ts';

export interface H264DepacketizerOptions {
  /** Milliseconds, stamped on each access unit as its arrival (the agent passes the SFU's clock). */
  now: () => number;
  /** A larger access unit is dropped (a 1080p keyframe is well under 1 MB); default 8 MB. */
  maxAccessUnitBytes?: number;
}

export interface H264DepacketizerStats {
  packets: number;
  /** Packets missing from the sequence numbers. */
  lostPackets: number;
  /** Packets that came after a later one (or twice); dropped, since their gap was already handled. */
  latePackets: number;
  /** Packets that are not RFC 6184 mode 1 H.264 (forbidden bit, NAL type 0/30/31, a truncated STAP-A or FU-A). */
  malformedPackets: number;
  /** STAP-B, MTAP and FU-B packets (packetization-mode 2). */
  unsupportedPackets: number;
  accessUnits: number;
  keyframes: number;
  /** Access units damaged (by loss, bad packets or size) or skipped while waiting for a keyframe. */
  droppedAccessUnits: number;
  /** After damage, nothing is emitted until the next keyframe. */
  waitingForKeyframe: boolean;
}

export interface H264DepacketizerEvents extends AccessUnitSourceEvents {
  /** Packets went missing: access units are dropped until the next keyframe. Once per episode, not per packet. */
  loss: [{ lostPackets: number }];
  /** Something the depacketizer cannot take, and why; once per kind of problem. */
  rejected: [string];
}

interface OpenAccessUnit {
  timestamp: number;
  arrivalMs: number;
  nalUnits: Uint8Array[];
  bytes: number;
  damaged: boolean;
}

const modeTwo: Record<number, string> = {
  [RtpNalType.stapB]: 'STAP-B',
  [RtpNalType.mtap16]: 'MTAP16',
  [RtpNalType.mtap24]: 'MTAP24',
  [RtpNalType.fuB]: 'FU-B',
};

/**
 * H.264 RTP payloads (RFC 6184 packetization-mode 1: single NAL unit, STAP-A, FU-A) back into
 * access units. An access unit ends at the marker bit or when the timestamp changes. A gap in the
 * sequence numbers damages the access units around it; they are dropped, and so is everything
 * until the next keyframe, since a decoder cannot continue from a broken reference picture.
 * Bad packets are counted and dropped, never thrown.
 */
export class H264Depacketizer extends EventEmitter<H264DepacketizerEvents> {
  private open: OpenAccessUnit | undefined;
  /** An FU-A being reassembled: its NAL header and fragments so far. */
  private fragments: { header: number; parts: Uint8Array[]; bytes: number } | undefined;
  private lastSequence: number | undefined;
  private waiting = false;
  /** Something was dropped since the last emitted access unit. */
  private discontinuity = false;
  private readonly reported = new Set<string>();
  private readonly maxBytes: number;
  private readonly counts = { packets: 0, lostPackets: 0, latePackets: 0, malformedPackets: 0, unsupportedPackets: 0, accessUnits: 0, keyframes: 0, droppedAccessUnits: 0 };

  constructor(private readonly options: H264DepacketizerOptions) {
    super();
    this.maxBytes = options.maxAccessUnitBytes ?? 8 * 1024 * 1024;
  }

  get stats(): H264DepacketizerStats {
    return { ...this.counts, waitingForKeyframe: this.waiting };
  }

  push(packet: RtpPacket): void {
    this.counts.packets++;
    const lost = this.sequenceGap(packet.sequenceNumber);
    if (lost === undefined) return void this.counts.latePackets++;
    if (lost > 0) {
      this.counts.lostPackets += lost;
      if (!this.waiting) this.emit('loss', { lostPackets: lost });
      this.waiting = true;
      // The missing packets may have been the end of the open access unit or the start of this one.
      if (this.open) this.open.damaged = true;
    }
    if (this.open && this.open.timestamp !== packet.timestamp) this.finish();
    const unit = (this.open ??= { timestamp: packet.timestamp, arrivalMs: this.options.now(), nalUnits: [], bytes: 0, damaged: false });
    if (lost > 0) unit.damaged = true;
    if (!unit.damaged) this.readPayload(unit, packet.payload);
    if (packet.marker) this.finish();
  }

  /** Packets lost since the previous one, or undefined for a late or repeated packet. */
  private sequenceGap(sequence: number): number | undefined {
    const last = this.lastSequence;
    if (last === undefined) {
      this.lastSequence = sequence;
      return 0;
    }
    const ahead = (sequence - last) & 0xffff;
    // More than half the sequence space ahead is behind: a late or duplicated packet.
    if (ahead === 0 || ahead >= 0x8000) return undefined;
    this.lastSequence = sequence;
    return ahead - 1;
  }

  private readPayload(unit: OpenAccessUnit, payload: Uint8Array): void {
    if (payload.length === 0 || payload[0]! & 0x80) return this.malformed(unit);
    const type = payload[0]! & 0x1f;
    if (type >= 1 && type <= 23) return this.add(unit, payload.slice());
    if (type === RtpNalType.stapA) return this.readStapA(unit, payload);
    if (type === RtpNalType.fuA) return this.readFuA(unit, payload);
    const name = modeTwo[type];
    if (name) {
      this.counts.unsupportedPackets++;
      unit.damaged = true;
      return this.reject(`mode-2`, `the camera sends ${name} packets (RTP packetization-mode 2), which are not supported: set it to packetization-mode 1`);
    }
    this.malformed(unit);
  }

  private readStapA(unit: OpenAccessUnit, payload: Uint8Array): void {
    const nalUnits: Uint8Array[] = [];
    let offset = 1;
    while (offset < payload.length) {
      if (offset + 2 > payload.length) return this.malformed(unit);
      const size = (payload[offset]! << 8) | payload[offset + 1]!;
      offset += 2;
      if (size === 0 || offset + size > payload.length) return this.malformed(unit);
      nalUnits.push(payload.slice(offset, offset + size));
      offset += size;
    }
    if (nalUnits.length === 0) return this.malformed(unit);
    for (const nal of nalUnits) this.add(unit, nal);
  }

  private readFuA(unit: OpenAccessUnit, payload: Uint8Array): void {
    if (payload.length < 3) return this.malformed(unit);
    const fuHeader = payload[1]!;
    const start = (fuHeader & 0x80) !== 0;
    const end = (fuHeader & 0x40) !== 0;
    if (start && end) return this.malformed(unit);
    if (start) {
      if (this.fragments) return this.malformed(unit);
      this.fragments = { header: (payload[0]! & 0xe0) | (fuHeader & 0x1f), parts: [], bytes: 1 };
    } else if (!this.fragments) return this.malformed(unit);
    const fragments = this.fragments;
    fragments.parts.push(payload.slice(2));
    fragments.bytes += payload.length - 2;
    if (unit.bytes + fragments.bytes > this.maxBytes) return this.oversized(unit);
    if (!end) return;
    this.fragments = undefined;
    const nal = new Uint8Array(fragments.bytes);
    nal[0] = fragments.header;
    let offset = 1;
    for (const part of fragments.parts) {
      nal.set(part, offset);
      offset += part.length;
    }
    this.add(unit, nal);
  }

  private add(unit: OpenAccessUnit, nal: Uint8Array): void {
    // Counting 4 bytes per NAL unit for its start code bounds a flood of tiny ones too.
    unit.bytes += nal.length + 4;
    if (unit.bytes > this.maxBytes) return this.oversized(unit);
    unit.nalUnits.push(nal);
  }

  private finish(): void {
    const unit = this.open;
    this.open = undefined;
    if (!unit) return;
    // A fragmented NAL unit still open at the end of its access unit lost its last part.
    if (this.fragments) {
      this.fragments = undefined;
      unit.damaged = true;
    }
    if (unit.damaged) {
      this.drop();
      this.waiting = true;
      return;
    }
    if (unit.nalUnits.length === 0) return;
    const keyframe = unit.nalUnits.some(isIdr);
    // Parameter sets sent on their own (another timestamp than the IDR) must survive the wait:
    // the keyframe after a loss needs them, and they refer to no earlier picture.
    const slices = unit.nalUnits.some(isSlice);
    if (this.waiting && !keyframe && slices) return this.drop();
    if (keyframe) this.waiting = false;
    const accessUnit: H264AccessUnit = { nalUnits: parameterSetsFirst(unit.nalUnits), rtpTimestamp: unit.timestamp, keyframe, arrivalMs: unit.arrivalMs, discontinuity: this.discontinuity };
    this.discontinuity = false;
    this.counts.accessUnits++;
    if (keyframe) this.counts.keyframes++;
    this.emit('accessUnit', accessUnit);
  }

  private drop(): void {
    this.counts.droppedAccessUnits++;
    this.discontinuity = true;
  }

  private malformed(unit: OpenAccessUnit): void {
    this.counts.malformedPackets++;
    unit.damaged = true;
    this.fragments = undefined;
  }

  private oversized(unit: OpenAccessUnit): void {
    unit.damaged = true;
    unit.nalUnits = [];
    this.fragments = undefined;
    this.reject('oversized', `an access unit over ${byteSize(this.maxBytes)} was dropped (the camera's bitrate or keyframe size is far beyond a drone camera's)`);
  }

  private reject(kind: string, reason: string): void {
    if (this.reported.has(kind)) return;
    this.reported.add(kind);
    this.emit('rejected', reason);
  }
}
