import { EventEmitter } from 'node:events';
import { MavLinkPacketParser, MavLinkPacketSplitter, MavLinkProtocolV2 } from 'node-mavlink';
import type { MavLinkData, MavLinkPacket } from 'node-mavlink';
import { REGISTRY } from './registry.ts';

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

export interface MavlinkDecoderEvents {
  message: [MavlinkMessage];
}

/**
 * Turns a byte stream (in chunks of any size, as UDP, TCP or a serial port deliver it) into
 * MAVLink 2 messages. Corrupt packets are dropped and counted (a noisy radio shows up in
 * crcErrors); messages outside the registry and MAVLink 1 packets are skipped.
 */
export class MavlinkDecoder extends EventEmitter<MavlinkDecoderEvents> {
  crcErrors = 0;
  skipped = 0;
  private readonly splitter: MavLinkPacketSplitter;

  constructor() {
    super();
    this.splitter = new MavLinkPacketSplitter({}, { onCrcError: () => this.crcErrors++ });
    const parser = new MavLinkPacketParser();
    this.splitter.pipe(parser);
    parser.on('data', (packet: MavLinkPacket) => this.decode(packet));
  }

  push(chunk: Buffer): void {
    this.splitter.write(chunk);
  }

  /** Packets the splitter skipped because no dialect defines their id. */
  get unknownPackets(): number {
    return this.splitter.unknownPackagesCount;
  }

  close(): void {
    this.splitter.destroy();
    this.removeAllListeners();
  }

  private decode(packet: MavLinkPacket): void {
    const clazz = REGISTRY[packet.header.msgid];
    if (!clazz || !(packet.protocol instanceof MavLinkProtocolV2)) {
      this.skipped++;
      return;
    }
    const { sysid, compid, seq, msgid } = packet.header;
    this.emit('message', { sysid, compid, seq, msgid, name: clazz.MSG_NAME, data: packet.protocol.data(packet.payload, clazz) });
  }
}
