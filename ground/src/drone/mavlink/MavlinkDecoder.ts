import { EventEmitter } from 'node:events';
import { MavLinkPacketParser, MavLinkPacketSplitter } from 'node-mavlink';
import type { MavLinkPacket } from 'node-mavlink';
import { MavlinkFrame, type MavlinkMessage } from './MavlinkFrame.ts';

export type { MavlinkMessage } from './MavlinkFrame.ts';

export interface MavlinkDecoderEvents {
  /** Every packet that passed its CRC check, MAVLink 1 or 2, known to the registry or not. */
  frame: [MavlinkFrame];
  /** The MAVLink 2 messages of the registry, decoded. */
  message: [MavlinkMessage];
}

/** The longest MAVLink packet: a signed MAVLink 2 packet with a 255-byte payload. */
export const maxPacketBytes = 10 + 255 + 2 + 13;

/**
 * Turns a byte stream (in chunks of any size, as UDP, TCP or a serial port deliver it) into
 * MAVLink frames and messages. Corrupt packets are dropped and counted (a noisy radio shows up in
 * crcErrors); MAVLink 1 packets and messages outside the registry come out as frames only.
 */
export class MavlinkDecoder extends EventEmitter<MavlinkDecoderEvents> {
  crcErrors = 0;
  skipped = 0;
  /** Bytes thrown away because no packet could start in them. */
  discardedBytes = 0;
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
    this.discardGarbage();
  }

  /** Bytes held back, waiting for the rest of a packet (at most one packet's worth). */
  get bufferedBytes(): number {
    return this.pending().length;
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
    const frame = new MavlinkFrame(packet);
    this.emit('frame', frame);
    if (!frame.decodable) {
      this.skipped++;
      return;
    }
    if (this.listenerCount('message') > 0) this.emit('message', frame.message!);
  }

  /**
   * node-mavlink's splitter keeps every byte it cannot find a start byte in, forever (measured:
   * 12.8 MB of garbage without 0xFD or 0xFE stayed buffered, and each chunk recopied it all). It
   * only stops with more than a packet's worth buffered when no start byte is left in it, so those
   * bytes can never become a packet: drop them.
   */
  private discardGarbage(): void {
    const pending = this.pending();
    if (pending.length <= maxPacketBytes) return;
    this.discardedBytes += pending.length;
    (this.splitter as unknown as { buffer: Buffer }).buffer = Buffer.alloc(0);
  }

  private pending(): Buffer {
    return (this.splitter as unknown as { buffer: Buffer }).buffer;
  }
}
