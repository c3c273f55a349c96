import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { plainSrtpCryptoSuite, playoutDelayUri, type Logger } from '@dronecast/protocol';
import { RetryAttempts, type SignalingLink } from '@dronecast/peer';
import type { CameraRtpSource } from './CameraRtpSource.ts';
import type { RtpPacket } from './RtpPacket.ts';
import { RtpRewriter } from './RtpRewriter.ts';
import { SrtpProtector } from './SrtpProtector.ts';

export interface PassthroughForwarderOptions {
  link: SignalingLink;
  ingest: CameraRtpSource;
  /** The SFU's URL: its host is where the SRTP goes (the agent already reaches the SFU there). */
  sfuUrl: string;
  logger: Logger;
  /** The playout delay asked of phones (0: render at once, the default); undefined: none asked, browsers smooth. */
  playoutDelayMs?: number | undefined;
  /** After a failed attempt, how long until the next; default 2 s. */
  retryDelayMs?: number;
}

/** Our payload type and extension id on the plain transport: any free values, announced in the producer. */
const payloadType = 102;
const playoutDelayId = 1;

interface Route {
  transportId: string;
  socket: dgram.Socket;
  address: string;
  port: number;
  srtp: SrtpProtector;
  rewriter: RtpRewriter;
  producerId: string | undefined;
  profileLevelId: string | undefined;
}

/**
 * Forwards a camera's H.264 RTP into the SFU as the drone-camera producer, with no decode and no
 * re-encode: over a plain SRTP transport, under our SSRC, with a zero playout delay. Produces once
 * the camera's SPS tells its profile, and again whenever the link comes back or the profile changes.
 */
export class PassthroughForwarder {
  private route: Route | undefined;
  private readonly attempts: RetryAttempts;
  private profileLevelId: string | undefined;
  private sent = 0;
  private readonly onReady = (): void => void this.open();
  private readonly onLost = (): void => this.teardown();
  private readonly onPacket = (packet: RtpPacket): void => this.forward(packet);

  constructor(private readonly options: PassthroughForwarderOptions) {
    this.attempts = new RetryAttempts(options.link, options.logger, options.retryDelayMs ?? 2000);
  }

  start(): void {
    const { link, ingest } = this.options;
    ingest.on('packet', this.onPacket);
    link.on('ready', this.onReady);
    link.on('lost', this.onLost);
    if (link.welcome) void this.open();
  }

  stop(): void {
    const { link, ingest } = this.options;
    ingest.off('packet', this.onPacket);
    link.off('ready', this.onReady);
    link.off('lost', this.onLost);
    this.teardown();
  }

  get producerId(): string | undefined {
    return this.route?.producerId;
  }

  /** Packets sent to the SFU since start. */
  get packetsSent(): number {
    return this.sent;
  }

  /**
   * The camera's profile-level-id, from its SPS: the producer is announced with it (so the SFU
   * routes the camera's own profile), and a new profile needs a new producer.
   */
  setProfileLevelId(profileLevelId: string): void {
    if (profileLevelId === this.profileLevelId) return;
    this.profileLevelId = profileLevelId;
    if (this.route) void this.produce(this.attempts.latest);
  }

  private forward(packet: RtpPacket): void {
    const route = this.route;
    if (!route?.producerId) return;
    const { packet: rtp, headerLength } = route.rewriter.rewrite(packet);
    route.socket.send(route.srtp.protect(rtp, headerLength), route.port, route.address);
    this.sent++;
  }

  private async open(): Promise<void> {
    const { link, logger, sfuUrl } = this.options;
    this.teardown();
    const attempt = this.attempts.begin();
    try {
      const key = randomBytes(30);
      const options = await link.request('media:createPlainTransport', {
        srtpParameters: { cryptoSuite: plainSrtpCryptoSuite, keyBase64: key.toString('base64') },
      });
      if (!this.attempts.isCurrent(attempt)) return;
      const host = new URL(sfuUrl).hostname.replace(/^\[(.*)\]$/, '$1');
      const { address, family } = await lookup(host);
      if (!this.attempts.isCurrent(attempt)) return;
      const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
      socket.on('error', (error) => logger.warn(`sending the camera to the SFU: ${error.message}`));
      // The SFU's RTCP comes back here. Its header is not encrypted (RFC 3711): a PLI or FIR, sent
      // alone when a phone needs a keyframe, is told to the camera; a forged one costs a keyframe at most.
      socket.on('message', (rtcp) => {
        if (asksForKeyframe(rtcp)) this.options.ingest.requestKeyframe();
      });
      const ssrc = randomInt(1, 0xffffffff);
      this.route = {
        transportId: options.id,
        socket,
        address,
        port: options.port,
        srtp: new SrtpProtector(key),
        rewriter: new RtpRewriter({
          ssrc,
          payloadType,
          firstSequenceNumber: randomInt(0, 0x10000),
          ...(this.options.playoutDelayMs === undefined ? {} : { playoutDelay: { id: playoutDelayId, delayMs: this.options.playoutDelayMs } }),
        }),
        producerId: undefined,
        profileLevelId: undefined,
      };
      if (this.profileLevelId) await this.produce(attempt);
      else logger.info('waiting for the camera: the producer is made from its first SPS');
    } catch (error) {
      if (this.attempts.isCurrent(attempt)) this.retryLater(`opening the camera's transport failed: ${(error as Error).message}`);
    }
  }

  private async produce(attempt: number): Promise<void> {
    const route = this.route;
    const profileLevelId = this.profileLevelId;
    if (!route || !profileLevelId || route.profileLevelId === profileLevelId) return;
    route.profileLevelId = profileLevelId;
    const { link, logger } = this.options;
    try {
      if (route.producerId) await link.request('media:closeProducer', { producerId: route.producerId }).catch(() => undefined);
      route.producerId = undefined;
      const ssrc = route.rewriter.ssrc;
      const { producerId } = await link.request('media:produce', {
        transportId: route.transportId,
        kind: 'video',
        source: 'drone-camera',
        rtpParameters: {
          codecs: [
            {
              mimeType: 'video/H264',
              payloadType,
              clockRate: 90000,
              parameters: { 'packetization-mode': 1, 'profile-level-id': profileLevelId, 'level-asymmetry-allowed': 1 },
              rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
            },
          ],
          headerExtensions: this.options.playoutDelayMs === undefined ? [] : [{ uri: playoutDelayUri, id: playoutDelayId }],
          encodings: [{ ssrc }],
          rtcp: { cname: `camera-${ssrc.toString(16)}`, reducedSize: true },
        },
      });
      if (!this.attempts.isCurrent(attempt) || this.route !== route) return;
      route.producerId = producerId;
      logger.info('publishing drone-camera: H.264 passed through (no re-encode)', { producerId, profileLevelId });
    } catch (error) {
      if (this.attempts.isCurrent(attempt)) this.retryLater(`producing the camera's H.264 failed: ${(error as Error).message}`);
    }
  }

  private retryLater(why: string): void {
    this.teardown();
    this.attempts.retryLater(why, () => void this.open());
  }

  private teardown(): void {
    this.attempts.cancel();
    const route = this.route;
    this.route = undefined;
    if (!route) return;
    route.socket.close();
    // Closing the transport closes its producer; the SFU also does it when the socket goes.
    if (this.options.link.connected) void this.options.link.request('media:closeTransport', { transportId: route.transportId }).catch(() => undefined);
  }
}

/** An (S)RTCP packet whose first, clear header is a PLI or FIR (RFC 4585, 5104). */
function asksForKeyframe(rtcp: Buffer): boolean {
  if (rtcp.length < 12 || rtcp[0]! >> 6 !== 2 || rtcp[1] !== 206) return false;
  const format = rtcp[0]! & 0x1f;
  return format === 1 || format === 4;
}
