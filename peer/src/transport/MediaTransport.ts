import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import { mediaSourceSchema, type TransportDirection } from '@dronecast/protocol';
import { IceRecovery } from './IceRecovery.ts';
import type { MediaSignaling, MediaTransportOptions, ProduceOptions } from './MediaTransportTypes.ts';

/**
 * One mediasoup-client Device and a send or receive transport on the SFU's router, kept alive
 * through network changes by IceRecovery: the one transport setup of the phone, the console, the
 * ground agent and the pose worker. The mediasoup objects arrive from the server as plain JSON;
 * mediasoup-client validates their structure itself, so they are passed through typed.
 */
export class MediaTransport {
  readonly #signaling: MediaSignaling;
  readonly #device: types.Device;
  readonly #transport: types.Transport;
  readonly #recovery: IceRecovery;
  readonly #onFailed: (reason: string) => void;
  #closed = false;

  static async open(signaling: MediaSignaling, direction: TransportDirection, options: MediaTransportOptions): Promise<MediaTransport> {
    const device = new Device(options.deviceOptions);
    const { rtpCapabilities } = await signaling.request('media:routerRtpCapabilities', {});
    await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
    const params = await signaling.request('media:createTransport', { direction });
    const create = direction === 'send' ? device.createSendTransport.bind(device) : device.createRecvTransport.bind(device);
    const transport = create({
      id: params.id,
      iceParameters: params.iceParameters as types.IceParameters,
      iceCandidates: params.iceCandidates as types.IceCandidate[],
      dtlsParameters: params.dtlsParameters as types.DtlsParameters,
      ...(params.iceServers ? { iceServers: params.iceServers } : {}),
      ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {}),
    });
    return new MediaTransport(signaling, device, transport, options);
  }

  private constructor(signaling: MediaSignaling, device: types.Device, transport: types.Transport, options: MediaTransportOptions) {
    this.#signaling = signaling;
    this.#device = device;
    this.#transport = transport;
    this.#onFailed = options.onFailed;
    const recoverable = {
      restartIce: () => this.#restartIce(options),
      get connectionState() {
        return transport.connectionState;
      },
    };
    this.#recovery = new IceRecovery(
      recoverable,
      (reason) => this.#fail(reason),
      {
        ...(options.iceDisconnectGraceMs === undefined ? {} : { disconnectGraceMs: options.iceDisconnectGraceMs }),
        ...(options.iceRestartTimeoutMs === undefined ? {} : { restartTimeoutMs: options.iceRestartTimeoutMs }),
        ...(options.maxIceRestarts === undefined ? {} : { maxRestarts: options.maxIceRestarts }),
      },
      options.timers,
    );
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      signaling.request('media:connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = mediaSourceSchema.safeParse(appData['source']);
      if (kind !== 'video' || !source.success) {
        errback(new Error('only video of a known source is sent'));
        return;
      }
      const of = typeof appData['of'] === 'string' ? { of: appData['of'] } : {};
      const delay = appData['playoutDelayMs'];
      const playoutDelay = typeof delay === 'number' || delay === null ? { playoutDelayMs: delay } : {};
      signaling
        .request('media:produce', { transportId: transport.id, kind, rtpParameters, source: source.data, ...of, ...playoutDelay })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    transport.on('connectionstatechange', (state) => {
      options.logger?.debug(`${transport.direction} transport`, { state });
      this.#recovery.onConnectionState(state);
    });
  }

  get id(): string {
    return this.#transport.id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Consumes a producer. The server creates the consumer paused (so no keyframe is lost before
   * our side exists) and we resume it once the local consumer is ready.
   */
  async consume(producerId: string): Promise<types.Consumer> {
    const options = await this.#signaling.request('media:consume', {
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

  /** Sends a track (send transports only); the caller keeps the track, which may outlive the producer. */
  produce(track: MediaStreamTrack, options: ProduceOptions): Promise<types.Producer> {
    return this.#transport.produce({
      track,
      encodings: [{ maxBitrate: options.maxBitrateKbps * 1000 }],
      ...(options.startBitrateKbps === undefined ? {} : { codecOptions: { videoGoogleStartBitrate: options.startBitrateKbps } }),
      // The default pause keeps sending black frames.
      zeroRtpOnPause: true,
      stopTracks: false,
      appData: {
        source: options.source,
        ...(options.of === undefined ? {} : { of: options.of }),
        ...(options.playoutDelayMs === undefined ? {} : { playoutDelayMs: options.playoutDelayMs }),
      },
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#recovery.stop();
    this.#transport.close();
    // Best effort: after a reconnect the server has forgotten it anyway.
    this.#signaling.request('media:closeTransport', { transportId: this.#transport.id }).catch(() => undefined);
  }

  async #restartIce(options: MediaTransportOptions): Promise<void> {
    const { iceParameters, iceServers } = await this.#signaling.request('media:restartIce', { transportId: this.#transport.id });
    if (this.#closed) return;
    // A restart gathers new relay candidates: with a credential past its expiry coturn would refuse them.
    if (iceServers) await this.#transport.updateIceServers({ iceServers });
    await this.#transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
    options.logger?.info(`${this.#transport.direction} transport: ICE restarted`);
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.close();
    this.#onFailed(reason);
  }
}
