import { playoutDelayBytes } from '@dronecast/protocol';
import type { RtpPacket } from './RtpPacket.ts';

export interface RtpRewriterOptions {
  /** The SSRC and payload type the SFU's producer was announced with. */
  ssrc: number;
  payloadType: number;
  /**
   * The playout delay to ask receivers for, with the one-byte header extension id announced for it
   * (1–14); min = max = delayMs (multiples of 10 ms). Absent: no extension, receivers buffer as they like.
   */
  playoutDelay?: { id: number; delayMs: number };
  /** Where the sequence numbers start (random in use, so a restart is not mistaken for old packets). */
  firstSequenceNumber: number;
}

/** A rebased timestamp gap when the camera restarts: one frame at 30 fps, in 90 kHz units. */
const restartGap = 3000;

/**
 * Turns a camera's RTP into the stream the SFU expects: our SSRC and payload type, our own
 * gapless sequence numbers (a camera restart must not look like reordering), timestamps rebased
 * across a restart, and a playout-delay extension (min = max, 0 by default: render at once). Only
 * the 12-byte header and 8 bytes of extension are new; the payload is copied as it came.
 */
export class RtpRewriter {
  private sequence: number;
  private cameraSsrc: number | undefined;
  private timestampOffset = 0;
  private lastTimestamp: number | undefined;

  constructor(private readonly options: RtpRewriterOptions) {
    this.sequence = options.firstSequenceNumber & 0xffff;
  }

  /** The packet to send and the length of its header (for SRTP, which encrypts what follows). */
  rewrite(packet: RtpPacket): { packet: Buffer; headerLength: number } {
    if (packet.ssrc !== this.cameraSsrc) {
      // A new camera stream (restart, or a new camera on the port): continue our timeline from where it was.
      this.cameraSsrc = packet.ssrc;
      this.timestampOffset = this.lastTimestamp === undefined ? 0 : (this.lastTimestamp + restartGap - packet.timestamp) >>> 0;
    }
    const timestamp = (packet.timestamp + this.timestampOffset) >>> 0;
    this.lastTimestamp = timestamp;
    const delay = this.options.playoutDelay;
    const headerLength = delay ? 12 + 8 : 12;
    const out = Buffer.allocUnsafe(headerLength + packet.payload.length);
    out[0] = delay ? 0x90 : 0x80; // version 2, extension present or not
    out[1] = (packet.marker ? 0x80 : 0) | this.options.payloadType;
    out.writeUInt16BE(this.sequence, 2);
    this.sequence = (this.sequence + 1) & 0xffff;
    out.writeUInt32BE(timestamp, 4);
    out.writeUInt32BE(this.options.ssrc >>> 0, 8);
    if (delay) {
      // RFC 8285 one-byte extensions: 0xBEDE, one 32-bit word, then id/length and the 3 bytes.
      out.writeUInt16BE(0xbede, 12);
      out.writeUInt16BE(1, 14);
      out[16] = (delay.id << 4) | 2;
      out.set(playoutDelayBytes(delay.delayMs), 17);
    }
    out.set(packet.payload, headerLength);
    return { packet: out, headerLength };
  }

  /** The SSRC the SFU knows this stream by. */
  get ssrc(): number {
    return this.options.ssrc;
  }
}
