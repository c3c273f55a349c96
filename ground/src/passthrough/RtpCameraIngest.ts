import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import type { CameraRtpSource, CameraRtpSourceEvents } from './CameraRtpSource.ts';
import { isRtcp, parseRtpPacket } from './RtpPacket.ts';

export interface RtpCameraIngestOptions {
  /** The address and port to listen on, as a companion computer or QGroundControl setup sends to (UDP 5600). */
  host: string;
  port: number;
  /** Monotonic milliseconds; replaceable for tests. */
  now?: () => number;
  /** After this much silence from the camera we follow, another sender may take over; default 1 s. */
  takeoverAfterMs?: number;
  /** After this much silence (or none heard since start) the operator is told, once until video comes; default 5 s. */
  silenceMs?: number;
}

/** What arrived and what was set aside, for the log and the console. */
export interface IngestCounts {
  packets: number;
  bytes: number;
  /** Datagrams that are not RTP (garbage, or RTCP the camera multiplexes). */
  notRtp: number;
  /** RTP from another sender or SSRC while the followed one is live. */
  foreign: number;
  /** Keyframe requests passed on to the camera. */
  keyframeRequests: number;
}

/** Our SSRC as the camera's RTCP receiver (any fixed value: the camera only reads the media SSRC). */
const receiverSsrc = 0x64726f6e;
const keyframeRequestGapMs = 300;

/**
 * Receives a camera's RTP on a UDP port and follows one stream: the first sender and SSRC heard,
 * until it falls silent and another takes over. Anything else sent to the port (another device,
 * garbage) is counted and dropped, so it can't be mixed into the video.
 */
export class RtpCameraIngest extends EventEmitter<CameraRtpSourceEvents> implements CameraRtpSource {
  private readonly socket: dgram.Socket;
  private readonly now: () => number;
  private followed: { address: string; port: number; ssrc: number; lastMs: number } | undefined;
  private readonly tally: IngestCounts = { packets: 0, bytes: 0, notRtp: 0, foreign: 0, keyframeRequests: 0 };
  /** The camera sends its RTCP on its RTP port, so it listens for ours there too. */
  private rtcpMuxed = false;
  private lastKeyframeRequestMs = -Infinity;
  private boundPort: number | undefined;
  private startedMs = 0;
  /** The current silence was told; the next packet ends it. */
  private silenceTold = false;
  private silenceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RtpCameraIngestOptions) {
    super();
    this.now = options.now ?? (() => performance.now());
    this.socket = dgram.createSocket({ type: isIP(options.host) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
    this.socket.on('message', (datagram, from) => this.receive(datagram, from));
  }

  get description(): string {
    return `H.264 RTP on udp ${this.options.host}:${this.boundPort ?? this.options.port}`;
  }

  get port(): number | undefined {
    return this.boundPort;
  }

  get counts(): IngestCounts {
    return { ...this.tally };
  }

  /** The sender followed now, if any. */
  get sender(): { address: string; port: number; ssrc: number } | undefined {
    const f = this.followed;
    return f && { address: f.address, port: f.port, ssrc: f.ssrc };
  }

  async start(): Promise<void> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(new Error(`cannot listen for the camera on udp ${host}:${port}: ${error.message}`));
      this.socket.once('error', onError);
      this.socket.bind(port, host, () => {
        this.socket.off('error', onError);
        resolve();
      });
    });
    this.boundPort = this.socket.address().port;
    // A camera at 60 fps and 8 Mbit/s bursts a keyframe of ~100 packets at once.
    this.socket.setRecvBufferSize(4 * 1024 * 1024);
    this.socket.on('error', (error) => this.emit('trouble', new Error(`camera port: ${error.message}`)));
    this.startedMs = this.now();
    const silenceMs = this.options.silenceMs ?? 5000;
    this.silenceTimer = setInterval(() => this.checkSilence(), silenceMs / 4).unref();
  }

  /**
   * Tells the operator, once until video comes again, that the camera sends nothing: none heard
   * since start, or the one followed fell silent. Run every quarter of `silenceMs` (tests call it).
   */
  checkSilence(): void {
    const silenceMs = this.options.silenceMs ?? 5000;
    const f = this.followed;
    if (this.silenceTold || this.now() - (f?.lastMs ?? this.startedMs) <= silenceMs) return;
    this.silenceTold = true;
    const seconds = silenceMs / 1000;
    this.emit(
      'trouble',
      new Error(
        f
          ? `the camera at ${f.address}:${f.port} has sent no video for ${seconds} s: is it still sending to udp ${this.options.host}:${this.boundPort}?`
          : `no video has arrived on udp ${this.options.host}:${this.boundPort} in ${seconds} s: is the camera sending its H.264 RTP there?`,
      ),
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.silenceTimer);
    await new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  /**
   * Asks the camera for a keyframe with an RTCP PLI (RFC 4585), where a camera listens for RTCP: on
   * the port it sends from if it multiplexes RTCP there, else on the next one. Cameras that
   * ignore it (most; ffmpeg) keep to their GOP. At most one request per `keyframeRequestGapMs`.
   */
  requestKeyframe(): boolean {
    const f = this.followed;
    const now = this.now();
    if (!f || now - this.lastKeyframeRequestMs < keyframeRequestGapMs) return false;
    this.lastKeyframeRequestMs = now;
    const pli = Buffer.alloc(12);
    pli[0] = 0x81; // version 2, FMT 1 (PLI)
    pli[1] = 206; // payload-specific feedback
    pli.writeUInt16BE(2, 2);
    pli.writeUInt32BE(receiverSsrc, 4);
    pli.writeUInt32BE(f.ssrc >>> 0, 8);
    this.socket.send(pli, this.rtcpMuxed ? f.port : f.port + 1, f.address);
    this.tally.keyframeRequests++;
    return true;
  }

  private receive(datagram: Buffer, from: dgram.RemoteInfo): void {
    const rtcp = isRtcp(datagram);
    if (rtcp && this.followed?.address === from.address && this.followed.port === from.port) this.rtcpMuxed = true;
    const packet = rtcp ? undefined : parseRtpPacket(datagram);
    if (!packet) {
      this.tally.notRtp++;
      return;
    }
    const now = this.now();
    const f = this.followed;
    const same = f !== undefined && f.address === from.address && f.port === from.port && f.ssrc === packet.ssrc;
    if (!same) {
      if (f && now - f.lastMs < (this.options.takeoverAfterMs ?? 1000)) {
        this.tally.foreign++;
        return;
      }
      this.followed = { address: from.address, port: from.port, ssrc: packet.ssrc, lastMs: now };
      this.emit('sender', { address: from.address, port: from.port, ssrc: packet.ssrc });
    }
    this.followed!.lastMs = now;
    this.silenceTold = false;
    this.tally.packets++;
    this.tally.bytes += datagram.length;
    this.emit('packet', packet);
  }
}
