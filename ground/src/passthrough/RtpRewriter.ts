import type { RtpPacket } from './RtpPacket.ts';

/** The header extension that tells receivers to render at once, with no jitter-buffer smoothing. */
export const playoutDelayUri = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';

export interface RtpRewriterOptions {
  /** The SSRC and payload type the SFU's producer was announced with. */
  ssrc: number;
  payloadType: number;
  /** The one-byte header extension id announced for playout-delay (1–14). */
  playoutDelayId: number;
  /** Where the sequence numbers start (random in use, so a restart is not mistaken for old packets). */
  firstSequenceNumber: number;
}

/** A rebased timestamp gap when the camera restarts: one frame at 30 fps, in 90 kHz units. */
const restartGap = 3000;

/**
 * Turns a camera's RTP into the stream the SFU expects: our SSRC and payload type, our own
 * gapless sequence numbers (a camera restart must not look like reordering), timestamps rebased
 * across a restart, and a playout-delay extension of min = max = 0. Only the 12-byte header and
 * 8 bytes of extension are new; the payload is copied as it came.
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
    const headerLength = 12 + 8;
    const out = Buffer.allocUnsafe(headerLength + packet.payload.length);
    out[0] = 0x90; // version 2, extension present
    out[1] = (packet.marker ? 0x80 : 0) | this.options.payloadType;
    out.writeUInt16BE(this.sequence, 2);
    this.sequence = (this.sequence + 1) & 0xffff;
    out.writeUInt32BE(timestamp, 4);
    out.writeUInt32BE(this.options.ssrc >>> 0, 8);
    // RFC 8285 one-byte extensions: 0xBEDE, one 32-bit word, then id/length and 3 bytes of zero delay.
    out.writeUInt16BE(0xbede, 12);
    out.writeUInt16BE(1, 14);
    out[16] = (this.options.playoutDelayId << 4) | 2;
    out[17] = 0;
    out[18] = 0;
    out[19] = 0;
    out.set(packet.payload, headerLength);
    return { packet: out, headerLength };
  }

  /** The SSRC the SFU knows this stream by. */
  get ssrc(): number {
    return this.options.ssrc;
  }
}
