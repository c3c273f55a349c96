import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import type { CameraRtpSource } from './CameraRtpSource.ts';
import type { RtpPacket } from './RtpPacket.ts';
import { RtpRewriter } from './RtpRewriter.ts';

export interface GcsVideoForwardOptions {
  ingest: CameraRtpSource;
  /** Where a ground control station plays it: QGroundControl listens on UDP 5600 by default. */
  host: string;
  port: number;
}

/** The payload type QGroundControl and GStreamer pipelines assume for H.264 on UDP 5600. */
const payloadType = 96;

/**
 * The camera's H.264 RTP, as it came, to a ground control station such as QGroundControl: our
 * SSRC and a gapless sequence (a camera restart stays one stream), no encryption and no
 * extensions, so any RTP player takes it. Straight from the camera, not through the SFU, so the
 * operator keeps video while the SFU restarts.
 */
export class GcsVideoForward {
  private readonly socket: dgram.Socket;
  private readonly rewriter = new RtpRewriter({ ssrc: randomInt(1, 0xffffffff), payloadType, firstSequenceNumber: randomInt(0, 0x10000) });
  private readonly onPacket = (packet: RtpPacket): void => {
    this.socket.send(this.rewriter.rewrite(packet).packet, this.options.port, this.options.host);
    this.sent++;
  };
  private sent = 0;

  constructor(private readonly options: GcsVideoForwardOptions) {
    this.socket = dgram.createSocket(isIP(options.host) === 6 ? 'udp6' : 'udp4');
    // A GCS that is not listening answers with ICMP: that is its business, not an error here.
    this.socket.on('error', () => undefined);
  }

  get description(): string {
    return `udp:${this.options.host}:${this.options.port}`;
  }

  get packetsSent(): number {
    return this.sent;
  }

  /** The SDP a player needs for this stream (QGroundControl assumes it; ffplay and VLC want it in a file). */
  sdp(): string {
    const { host, port } = this.options;
    const family = isIP(host) === 6 ? 'IP6' : 'IP4';
    return [
      'v=0',
      `o=- 0 0 IN ${family} ${host}`,
      's=dronecast drone camera',
      `c=IN ${family} ${host}`,
      't=0 0',
      `m=video ${port} RTP/AVP ${payloadType}`,
      `a=rtpmap:${payloadType} H264/90000`,
      `a=fmtp:${payloadType} packetization-mode=1`,
      '',
    ].join('\n');
  }

  start(): void {
    this.options.ingest.on('packet', this.onPacket);
  }

  stop(): void {
    this.options.ingest.off('packet', this.onPacket);
    this.socket.close();
  }
}
