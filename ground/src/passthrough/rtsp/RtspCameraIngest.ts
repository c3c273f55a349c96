import { EventEmitter } from 'node:events';
import type { CameraRtpSource, CameraRtpSourceEvents } from '../CameraRtpSource.ts';
import { parseRtpPacket } from '../RtpPacket.ts';
import { redactCredentials } from '../../video/sources/redactCredentials.ts';
import { RtspConnection, RtspRequestError } from './RtspConnection.ts';
import { headerValue } from './RtspStreamReader.ts';
import { rtspCameraAddress, type RtspCameraAddress } from './rtspCameraAddress.ts';
import { rtspVideoTrack, type RtspVideoTrack } from './rtspVideoTrack.ts';

export interface RtspCameraIngestOptions {
  /** rtsp://[user:password@]host[:port]/path */
  url: string;
  /** Between a failed or ended session and the next attempt; default 2 s. */
  retryDelayMs?: number;
  /** A session that brings no video for this long is ended and opened again; default 5 s. */
  silenceMs?: number;
  /** For the camera to accept the connection or answer a request; default 5 s. */
  timeoutMs?: number;
}

/** What the camera's DESCRIBE offers, or why it could not be asked. */
export type RtspCameraOffer = { track: RtspVideoTrack } | { error: Error };

/** RTSP's default keep-alive period when the camera names none (RFC 2326 §12.37). */
const defaultSessionTimeoutS = 60;

/**
 * Pulls a camera's H.264 over RTSP (RFC 2326), the RTP interleaved on the TCP connection, and hands
 * on its packets as they came: no remux, so the camera's packetization, timestamps and marker
 * bits reach the phones unchanged. Keeps the session alive, and opens it again whenever it
 * ends or falls silent. An RTSP camera cannot be asked for a keyframe: it keeps to its GOP.
 */
export class RtspCameraIngest extends EventEmitter<CameraRtpSourceEvents> implements CameraRtpSource {
  private readonly address: RtspCameraAddress;
  private connection: RtspConnection | undefined;
  /** The session's aggregate URL, for TEARDOWN. */
  private sessionUrl: string | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** The trouble reported in the current outage, so each is told once until the video flows again. */
  private readonly told = new Set<string>();
  private followedSsrc: number | undefined;

  constructor(private readonly options: RtspCameraIngestOptions) {
    super();
    this.address = rtspCameraAddress(options.url);
  }

  get description(): string {
    return `H.264 over RTSP from ${redactCredentials(this.options.url)}`;
  }

  /**
   * Asks the camera once what it sends (DESCRIBE): for choosing between passing through and
   * decoding. A camera builds its pipeline on the first DESCRIBE, so it is given 10 s.
   */
  static async offer(url: string, timeoutMs = 10_000): Promise<RtspCameraOffer> {
    try {
      const address = rtspCameraAddress(url);
      const connection = await RtspConnection.open({ ...address, timeoutMs });
      try {
        return { track: await describe(connection, address.requestUrl) };
      } finally {
        connection.close();
      }
    } catch (error) {
      return { error: error as Error };
    }
  }

  async start(): Promise<void> {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const connection = this.connection;
    // A camera that does not answer TEARDOWN at once times the session out itself.
    if (connection?.session !== undefined) {
      await Promise.race([connection.request('TEARDOWN', this.sessionUrl ?? this.address.requestUrl).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    }
    connection?.close();
    await this.running;
  }

  requestKeyframe(): boolean {
    return false;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session();
      } catch (error) {
        if (!this.stopped) this.trouble(error as Error);
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.retryDelayMs ?? 2000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** One session: DESCRIBE, SETUP over TCP, PLAY, then the video until the connection ends. */
  private async session(): Promise<void> {
    const connection = await RtspConnection.open({ ...this.address, timeoutMs: this.options.timeoutMs }).catch((error: Error) => {
      throw new Error(`cannot reach the RTSP camera at ${this.address.host}:${this.address.port}: ${error.message}`);
    });
    this.connection = connection;
    const ended = new Promise<Error>((resolve) => connection.once('closed', resolve));
    const timers: NodeJS.Timeout[] = [];
    try {
      if (this.stopped) return;
      const track = await describe(connection, this.address.requestUrl);
      if (track.codec !== 'H264') throw new Error(`the RTSP camera offers ${track.codec} video, not H.264: set its encoder to H.264, or restart the agent while the camera answers, and it is decoded instead`);
      const setup = await connection.request('SETUP', track.controlUrl, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' }).catch((error: Error) => {
        // Over TCP the video crosses any firewall and arrives whole and in order; UDP is not offered.
        if (error instanceof RtspRequestError && error.status === 461) throw new Error(`the RTSP camera will not send its video over TCP (461 Unsupported Transport), and the agent pulls RTSP over TCP only: enable RTSP over TCP on the camera, or send H.264 RTP to the agent (--camera rtp:0.0.0.0:5600)`);
        throw error;
      });
      const [session, ...sessionParameters] = (headerValue(setup.headers, 'session') ?? '').split(';');
      if (!session) throw new Error('the RTSP camera gave no session in its SETUP answer');
      connection.session = session.trim();
      this.sessionUrl = track.sessionUrl;
      const timeoutS = Number(/timeout=(\d+)/.exec(sessionParameters.join(';'))?.[1] ?? defaultSessionTimeoutS);
      const rtpChannel = Number(/interleaved=(\d+)/.exec(headerValue(setup.headers, 'transport') ?? '')?.[1] ?? 0);
      let lastPacketMs = performance.now();
      connection.on('interleaved', (channel, data) => {
        if (channel !== rtpChannel) return;
        const packet = parseRtpPacket(data);
        if (!packet || packet.payloadType !== track.payloadType) return;
        lastPacketMs = performance.now();
        if (packet.ssrc !== this.followedSsrc) {
          this.followedSsrc = packet.ssrc;
          this.told.clear();
          this.emit('sender', { address: this.address.host, port: this.address.port, ssrc: packet.ssrc });
        }
        this.emit('packet', packet);
      });
      // The first packet of every session is told (and ends the outage), even from the same SSRC.
      this.followedSsrc = undefined;
      await connection.request('PLAY', track.sessionUrl, { Range: 'npt=0.000-' });
      // Any request with the session keeps it alive; OPTIONS is one every camera answers.
      timers.push(setInterval(() => void connection.request('OPTIONS', this.address.requestUrl).catch(() => undefined), Math.max(1, timeoutS / 2) * 1000));
      const silenceMs = this.options.silenceMs ?? 5000;
      lastPacketMs = performance.now();
      timers.push(
        setInterval(() => {
          if (performance.now() - lastPacketMs > silenceMs) {
            this.trouble(new Error(`the RTSP camera sent no video for ${silenceMs / 1000} s: opening the session again`));
            connection.close();
          }
        }, silenceMs / 4),
      );
      const error = await ended;
      if (!this.stopped && error.message !== 'closed') this.trouble(new Error(`the RTSP camera's connection ended: ${error.message}`));
    } finally {
      timers.forEach(clearInterval);
      connection.close();
      if (this.connection === connection) this.connection = undefined;
    }
  }

  private trouble(error: Error): void {
    if (this.told.has(error.message)) return;
    this.told.add(error.message);
    this.emit('trouble', error);
  }
}

async function describe(connection: RtspConnection, url: string): Promise<RtspVideoTrack> {
  const answer = await connection.request('DESCRIBE', url, { Accept: 'application/sdp' });
  const base = headerValue(answer.headers, 'content-base') ?? headerValue(answer.headers, 'content-location') ?? url;
  const track = rtspVideoTrack(answer.body.toString('utf8'), base);
  if (!track) throw new Error('the RTSP camera offers no video track');
  return track;
}
