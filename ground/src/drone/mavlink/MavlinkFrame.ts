import { MavLinkProtocolV2 } from 'node-mavlink';
import type { MavLinkData, MavLinkPacket } from 'node-mavlink';
import { REGISTRY } from './registry.ts';

/** A decoded MAVLink 2 message with the ids of who sent it. */
export interface MavlinkMessage {
  sysid: number;
  compid: number;
  seq: number;
  msgid: number;
  /** e.g. "HEARTBEAT". */
  name: string;
  /** An instance of the message's class (common.CommandLong, minimal.Heartbeat...), for instanceof. */
  data: MavLinkData;
}

/**
 * One packet as it came off the wire, CRC checked: its exact bytes (what a router forwards, never
 * re-serialized), its header, and its message, decoded on first use (a router reads only a few).
 */
export class MavlinkFrame {
  private decoded: MavlinkMessage | null | undefined;

  constructor(private readonly packet: MavLinkPacket) {}

  /** The whole packet: header, payload, checksum and signature, if any. */
  get bytes(): Buffer {
    return this.packet.buffer;
  }

  get version(): 1 | 2 {
    return this.packet.protocol instanceof MavLinkProtocolV2 ? 2 : 1;
  }

  get sysid(): number {
    return this.packet.header.sysid;
  }

  get compid(): number {
    return this.packet.header.compid;
  }

  get msgid(): number {
    return this.packet.header.msgid;
  }

  get seq(): number {
    return this.packet.header.seq;
  }

  /** Whether `message` will have it: MAVLink 2, and a message of the ArduPilot registry. */
  get decodable(): boolean {
    return this.version === 2 && REGISTRY[this.msgid] !== undefined;
  }

  /** The message, or undefined for MAVLink 1 and for messages outside the registry (still forwardable). */
  get message(): MavlinkMessage | undefined {
    if (this.decoded === undefined) this.decoded = this.decode() ?? null;
    return this.decoded ?? undefined;
  }

  private decode(): MavlinkMessage | undefined {
    const clazz = REGISTRY[this.msgid];
    if (!clazz || !this.decodable) return undefined;
    const { sysid, compid, seq, msgid } = this.packet.header;
    return { sysid, compid, seq, msgid, name: clazz.MSG_NAME, data: this.packet.protocol.data(this.packet.payload, clazz) };
  }
}
