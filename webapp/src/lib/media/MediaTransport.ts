import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import type { ConsumerOptions, MediaSource, TransportOptions } from '@dronecast/protocol';
import type { Signaling } from '../session/SessionTypes.ts';
import { relayOnlyRequested } from './relayOnly.ts';

export interface MediaTransportOptions {
  /** How long ICE may stay 'disconnected' before we restart it (it often recovers by itself). */
  iceDisconnectGraceMs?: number;
  /** How long a restarted ICE gets to reach 'connected' before the next attempt. */
  iceRestartTimeoutMs?: number;
  /** Restarts in a row without reaching 'connected' before giving up. */
  maxIceRestarts?: number;
  /** Called once when the transport can't be saved by ICE restarts; the owner rebuilds everything. */
  onFailed(reason: string): void;
  /** 'relay' sends everything through TURN; default: the page link's `?relay=1`, else any path. */
  iceTransportPolicy?: RTCIceTransportPolicy;
}

/** A policy the SFU may add beside TransportOptions' iceServers (TURN); passed through when present. */
interface TurnOptions {
  iceTransportPolicy?: RTCIceTransportPolicy;
}

/**
 * One mediasoup-client Device and a send or receive transport on the SFU's router, kept alive
 * through network changes with ICE restarts. The mediasoup objects arrive from the server as
 * plain JSON; mediasoup-client validates their structure itself, so they are passed through typed.
 */
export class MediaTransport {
  readonly #signaling: Signaling;
  readonly #device: types.Device;
  readonly #transport: types.Transport;
  readonly #options: Required<Omit<MediaTransportOptions, 'iceTransportPolicy'>>;
  #closed = false;
  #iceTimer: ReturnType<typeof setTimeout> | undefined;
  #iceRestarts = 0;
  #iceRestarting = false;

  static async open(signaling: Signaling, direction: 'send' | 'recv', options: MediaTransportOptions): Promise<MediaTransport> {
    const { rtpCapabilities } = await signaling.request('media:routerRtpCapabilities', {});
    const device = new Device();
    await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
    const params: TransportOptions & TurnOptions = await signaling.request('media:createTransport', { direction });
    const create = direction === 'send' ? device.createSendTransport.bind(device) : device.createRecvTransport.bind(device);
    const policy = options.iceTransportPolicy ?? params.iceTransportPolicy ?? (relayOnlyRequested(globalThis.location?.href) ? 'relay' : undefined);
    const transport = create({
      id: params.id,
      iceParameters: params.iceParameters as types.IceParameters,
      iceCandidates: params.iceCandidates as types.IceCandidate[],
      dtlsParameters: params.dtlsParameters as types.DtlsParameters,
      ...(params.iceServers ? { iceServers: params.iceServers } : {}),
      ...(policy ? { iceTransportPolicy: policy } : {}),
    });
    return new MediaTransport(signaling, device, transport, options);
  }

  private constructor(
    signaling: Signaling,
    device: types.Device,
    transport: types.Transport,
    options: MediaTransportOptions,
  ) {
    this.#signaling = signaling;
    this.#device = device;
    this.#transport = transport;
    this.#options = { iceDisconnectGraceMs: 2_000, iceRestartTimeoutMs: 10_000, maxIceRestarts: 3, ...options };
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      signaling
        .request('media:connectTransport', { transportId: transport.id, dtlsParameters })
        .then(() => callback(), errback);
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      if (kind !== 'video') {
        errback(new Error('only video is sent'));
        return;
      }
      signaling
        .request('media:produce', { transportId: transport.id, kind, rtpParameters, source: appData['source'] as MediaSource })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    transport.on('connectionstatechange', (state) => this.#onConnectionState(state));
  }

  get id(): string {
    return this.#transport.id;
  }

  /**
   * Consumes a producer. The server creates the consumer paused (so no keyframe is lost before
   * our side exists) and we resume it once the local consumer is ready.
   */
  async consume(producerId: string): Promise<types.Consumer> {
    const options: ConsumerOptions = await this.#signaling.request('media:consume', {
      transportId: this.#transport.id,
      producerId,
      rtpCapabilities: this.#device.recvRtpCapabilities,
    });
    const consumer = await this.#transport.consume({
      id: options.consumerId,
      producerId: options.producerId,
      kind: options.kind,
      rtpParameters: options.rtpParameters as types.RtpParameters,
    });
    try {
      await this.#signaling.request('media:resumeConsumer', { consumerId: consumer.id });
    } catch (error) {
      consumer.close();
      throw error;
    }
    return consumer;
  }

  /** Sends a track as `source` (send transports only); the caller keeps the track. */
  async produce(track: MediaStreamTrack, source: MediaSource, maxBitrateKbps: number): Promise<types.Producer> {
    return this.#transport.produce({
      track,
      encodings: [{ maxBitrate: maxBitrateKbps * 1000 }],
      stopTracks: false,
      zeroRtpOnPause: true,
      appData: { source },
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#iceTimer);
    this.#transport.close();
    // Best effort: after a reconnect the server has forgotten it anyway.
    this.#signaling.request('media:closeTransport', { transportId: this.#transport.id }).catch(() => undefined);
  }

  #onConnectionState(state: types.ConnectionState): void {
    if (this.#closed) return;
    clearTimeout(this.#iceTimer);
    switch (state) {
      case 'connected':
        this.#iceRestarts = 0;
        break;
      case 'failed':
        void this.#restartIce();
        break;
      case 'disconnected':
        this.#iceTimer = setTimeout(() => void this.#restartIce(), this.#options.iceDisconnectGraceMs);
        break;
      default:
        break;
    }
  }

  async #restartIce(): Promise<void> {
    if (this.#closed || this.#iceRestarting) return;
    if (this.#iceRestarts >= this.#options.maxIceRestarts) {
      this.#fail(`the video connection failed ${this.#iceRestarts} times in a row`);
      return;
    }
    this.#iceRestarts++;
    this.#iceRestarting = true;
    try {
      const { iceParameters, iceServers } = await this.#signaling.request('media:restartIce', { transportId: this.#transport.id });
      if (this.#closed) return;
      // A restart gathers new relay candidates: with a credential past its expiry coturn would refuse them.
      if (iceServers) await this.#transport.updateIceServers({ iceServers });
      await this.#transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
    } catch (error) {
      this.#fail(`restarting the video connection failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    } finally {
      this.#iceRestarting = false;
    }
    // A restart that never reaches 'connected' produces no further state change to react to.
    clearTimeout(this.#iceTimer);
    this.#iceTimer = setTimeout(() => {
      if (this.#transport.connectionState !== 'connected') void this.#restartIce();
    }, this.#options.iceRestartTimeoutMs);
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.close();
    this.#options.onFailed(reason);
  }
}
