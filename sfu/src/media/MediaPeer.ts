import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import {
  mayConsume,
  mayProduce,
  ProtocolError,
  type ConsumerOptions,
  type IceServer,
  type ParsedRequest,
  type PlainTransportOptions,
  type ProducerInfo,
  type Role,
  type TransportOptions,
  type TransportStats,
} from '@dronecast/protocol';
import type { ConsumerRouter } from './ConsumerRouter.ts';
import type { DroneRouter } from './DroneRouter.ts';
import { Allowance } from '../limits/Allowance.ts';
import { PlayoutDelayRelay } from './PlayoutDelayRelay.ts';

interface TransportEntry {
  /** WebRTC for browsers and wrtc; plain SRTP for a camera's H.264 passed through by the ground agent. */
  transport: types.WebRtcTransport | types.PlainTransport;
  direction: 'send' | 'recv';
  connected: boolean;
  /** The router the transport lives on: the origin for sending, the client's placed router for receiving. */
  home: ConsumerRouter;
}

export interface MediaPeerEvents {
  consumerClosed: [consumerId: string];
  /** The router under this peer closed (worker died): every transport is gone. */
  routerLost: [];
}

/** Limits so one client can't exhaust the worker (the pose worker has a consumer and a producer per phone camera). */
const maxTransports = 4;
const maxConsumers = 16;
const maxProducers = 16;

/** The media one client owns on its drone's router: transports, producers, consumers. */
export class MediaPeer extends EventEmitter<MediaPeerEvents> {
  private readonly transports = new Map<string, TransportEntry>();
  private readonly producers = new Map<string, types.Producer>();
  private readonly consumers = new Map<string, { consumer: types.Consumer; transport: TransportEntry }>();
  private router: DroneRouter | undefined;
  /** Where this client's receive transports live (placed at its first one; see DroneFanout). */
  private receiving: ConsumerRouter | undefined;
  /** The cap on what this client may send us (bits/s), applied to its send transports, new ones too. */
  private maxIncomingBitrate: number | undefined;
  private lossReported = false;
  private closed = false;
  private readonly transportSlots = new Allowance(maxTransports, 'transports per client');
  private readonly consumerSlots = new Allowance(maxConsumers, 'consumers per client');
  private readonly producerSlots = new Allowance(maxProducers, 'producers per client');

  constructor(
    readonly peerId: string,
    readonly role: Role,
    private readonly getRouter: () => Promise<DroneRouter>,
    /** With TURN configured: fresh credentials, minted for this client, go out with every transport. */
    private readonly turnServers?: () => IceServer[],
  ) {
    super();
  }

  async rtpCapabilities(): Promise<types.RtpCapabilities> {
    return (await this.attach()).rtpCapabilities;
  }

  async createTransport({ direction }: ParsedRequest<'media:createTransport'>): Promise<TransportOptions> {
    if (direction === 'send' && !this.canProduceAnything()) {
      throw new ProtocolError('FORBIDDEN', `a ${this.role} cannot send media`);
    }
    const giveBack = this.transportSlots.take();
    let made: types.WebRtcTransport | undefined;
    try {
      const origin = await this.attach();
      const placed = await this.openTransport(origin, direction);
      made = placed.transport;
      this.assertOpen();
      made.observer.once('close', () => {
        this.transports.delete(placed.transport.id);
        giveBack();
      });
      this.transports.set(made.id, { transport: made, direction, connected: false, home: placed.home });
      if (direction === 'send' && this.maxIncomingBitrate) await made.setMaxIncomingBitrate(this.maxIncomingBitrate);
      return {
        id: made.id,
        iceParameters: made.iceParameters,
        iceCandidates: made.iceCandidates,
        dtlsParameters: made.dtlsParameters,
        ...(this.turnServers ? { iceServers: this.turnServers() } : {}),
      };
    } catch (error) {
      made?.close();
      giveBack();
      throw error;
    }
  }

  /**
   * A send-only plain SRTP transport on the origin, for the ground agent's passthrough camera. comedia:
   * the worker takes the sender's address from the first packet that decrypts with the agent's key.
   */
  async createPlainTransport({ srtpParameters }: ParsedRequest<'media:createPlainTransport'>): Promise<PlainTransportOptions> {
    if (!mayProduce(this.role, 'drone-camera')) throw new ProtocolError('FORBIDDEN', `a ${this.role} cannot send a camera's RTP`);
    const giveBack = this.transportSlots.take();
    let made: types.PlainTransport | undefined;
    try {
      const origin = await this.attach();
      const { ip, announcedAddress } = origin.slot.plainListen;
      made = await mediaCall(() =>
        origin.router.createPlainTransport({
          listenInfo: { protocol: 'udp', ip, announcedAddress },
          rtcpMux: true,
          comedia: true,
          enableSrtp: true,
          srtpCryptoSuite: srtpParameters.cryptoSuite,
          appData: { peerId: this.peerId, direction: 'send' },
        }),
      );
      const transport = made;
      await mediaCall(() => transport.connect({ srtpParameters }));
      this.assertOpen();
      transport.observer.once('close', () => {
        this.transports.delete(transport.id);
        giveBack();
      });
      this.transports.set(transport.id, { transport, direction: 'send', connected: true, home: origin });
      return { id: transport.id, port: transport.tuple.localPort, announcedAddress };
    } catch (error) {
      made?.close();
      giveBack();
      throw error;
    }
  }

  /** A send transport on the origin; a receive transport where this client is placed (see DroneFanout). */
  private async openTransport(origin: DroneRouter, direction: 'send' | 'recv'): Promise<{ home: ConsumerRouter; transport: types.WebRtcTransport }> {
    const open = (home: ConsumerRouter): Promise<types.WebRtcTransport> =>
      home.router.createWebRtcTransport({
        webRtcServer: home.slot.webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: 1_000_000,
        appData: { peerId: this.peerId, direction },
      });
    return direction === 'send' ? { home: origin, transport: await open(origin) } : this.openReceiving(origin, open);
  }

  async connectTransport({ transportId, dtlsParameters }: ParsedRequest<'media:connectTransport'>): Promise<void> {
    const entry = this.transport(transportId);
    if (entry.connected) throw new ProtocolError('INVALID_STATE', 'transport already connected');
    const { transport } = entry;
    if (transport.type !== 'webrtc') throw new ProtocolError('INVALID_STATE', 'a plain transport is connected when it is made');
    await mediaCall(() => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
    entry.connected = true;
  }

  /** Caps the bitrate this client sends (the live WebRTC bitrate control: wrtc can't change it itself). */
  async setMaxIncomingBitrate(bitsPerSecond: number): Promise<void> {
    this.maxIncomingBitrate = bitsPerSecond;
    // A camera's bitrate is the camera's: only WebRTC senders follow the cap.
    for (const { transport, direction } of this.transports.values()) {
      if (direction === 'send' && transport.type === 'webrtc') await transport.setMaxIncomingBitrate(bitsPerSecond);
    }
  }

  /** Clients rebuild transports (ICE trouble, a failed produce) on the same socket: free the old one. */
  closeTransport({ transportId }: ParsedRequest<'media:closeTransport'>): void {
    this.transport(transportId).transport.close();
  }

  async restartIce({ transportId }: ParsedRequest<'media:restartIce'>): Promise<{ iceParameters: unknown; iceServers?: IceServer[] }> {
    const { transport } = this.transport(transportId);
    if (transport.type !== 'webrtc') throw new ProtocolError('INVALID_STATE', 'a plain transport has no ICE to restart');
    const iceParameters = await transport.restartIce();
    // A restart may come after the transport's TURN credential expired: hand out a fresh one.
    return { iceParameters, ...(this.turnServers ? { iceServers: this.turnServers() } : {}) };
  }

  async transportStats({ transportId }: ParsedRequest<'media:transportStats'>): Promise<TransportStats> {
    const { transport } = this.transport(transportId);
    const [stats] = await transport.getStats();
    const counts = {
      bytesReceived: stats?.bytesReceived ?? 0,
      bytesSent: stats?.bytesSent ?? 0,
      recvBitrate: stats?.recvBitrate ?? 0,
      sendBitrate: stats?.sendBitrate ?? 0,
    };
    if (transport.type !== 'webrtc') return { kind: 'plain', ...counts, iceState: 'none', dtlsState: 'none' };
    return { kind: 'webrtc', ...counts, iceState: transport.iceState, dtlsState: transport.dtlsState };
  }

  async produce(request: ParsedRequest<'media:produce'>): Promise<{ producer: types.Producer; info: ProducerInfo }> {
    if (!mayProduce(this.role, request.source)) {
      throw new ProtocolError('FORBIDDEN', `a ${this.role} may not produce ${request.source}`);
    }
    if ((request.of !== undefined) !== (request.source === 'processed-camera')) {
      throw new ProtocolError('INVALID_PAYLOAD', 'of names the phone camera a processed-camera is made from, and only then');
    }
    const entry = this.transport(request.transportId);
    if (entry.direction !== 'send') throw new ProtocolError('INVALID_STATE', 'produce needs a send transport');
    if (!entry.connected) throw new ProtocolError('INVALID_STATE', 'connect the transport before producing');
    const giveBack = this.producerSlots.take();
    try {
      const router = await this.attach();
      const producer = await mediaCall(() =>
        entry.transport.produce({
          kind: request.kind,
          rtpParameters: request.rtpParameters as types.RtpParameters,
          appData: { source: request.source, peerId: this.peerId },
        }),
      );
      producer.observer.once('close', () => {
        this.producers.delete(producer.id);
        giveBack();
      });
      if (this.closed) producer.close();
      this.assertOpen();
      this.producers.set(producer.id, producer);
      const delayMs = request.playoutDelayMs === undefined ? 0 : request.playoutDelayMs;
      const viewed = request.source === 'drone-camera' && delayMs !== null ? await this.withPlayoutDelay(router, producer, delayMs) : producer;
      return { producer, info: router.add(viewed, request.source, this.peerId, request.of) };
    } catch (error) {
      giveBack();
      throw error;
    }
  }

  /**
   * The drone video as viewers get it: with the playout delay its sender asked for (0: phones
   * render each frame at once). A camera passed through carries it already; wrtc's VP8 is relayed
   * to add it. If the relay can't be made the video still goes out as it is, smoothed by the browser.
   */
  private async withPlayoutDelay(router: DroneRouter, producer: types.Producer, delayMs: number): Promise<types.Producer> {
    if (PlayoutDelayRelay.carriesPlayoutDelay(producer)) return producer;
    try {
      return (await PlayoutDelayRelay.open(router.router, producer, delayMs, { source: 'drone-camera', peerId: this.peerId, relayOf: producer.id })).producer;
    } catch {
      return producer;
    }
  }

  closeProducer({ producerId }: ParsedRequest<'media:closeProducer'>): void {
    const producer = this.producers.get(producerId);
    if (!producer) throw new ProtocolError('NOT_FOUND', `no producer ${producerId} of yours`);
    producer.close();
  }

  async consume(request: ParsedRequest<'media:consume'>): Promise<ConsumerOptions> {
    const giveBack = this.consumerSlots.take();
    try {
      return await this.consumeNow(request, giveBack);
    } catch (error) {
      giveBack();
      throw error;
    }
  }

  private async consumeNow(request: ParsedRequest<'media:consume'>, giveBack: () => void): Promise<ConsumerOptions> {
    const router = await this.attach();
    const entry = this.transport(request.transportId);
    if (entry.direction !== 'recv') throw new ProtocolError('INVALID_STATE', 'consume needs a recv transport');
    const target = router.get(request.producerId);
    if (!target) throw new ProtocolError('NOT_FOUND', `no producer ${request.producerId} on drone ${router.droneId}`);
    if (!mayConsume(this.role, target.info.source)) {
      throw new ProtocolError('FORBIDDEN', `a ${this.role} may not receive ${target.info.source}`);
    }
    // On a piped router, wait until the producer is piped there.
    if (!(await entry.home.producer(request.producerId))) throw new ProtocolError('NOT_FOUND', `no producer ${request.producerId} on drone ${router.droneId}`);
    const rtpCapabilities = request.rtpCapabilities as types.RtpCapabilities;
    if (!entry.home.router.canConsume({ producerId: request.producerId, rtpCapabilities })) {
      const codec = target.producer.rtpParameters.codecs[0]?.mimeType.replace(/^video\//, '') ?? 'this codec';
      throw new ProtocolError('MEDIA_ERROR', `this device cannot decode ${codec}, which ${target.info.source} sends; try another browser, or the websocket or MQTT video`);
    }
    // Paused until the client has its consumer ready, so the first packets (and key frame) aren't lost.
    const consumer = await mediaCall(() =>
      entry.transport.consume({ producerId: request.producerId, rtpCapabilities, paused: true, appData: { peerId: this.peerId } }),
    );
    consumer.observer.once('close', () => {
      this.consumers.delete(consumer.id);
      giveBack();
      this.emit('consumerClosed', consumer.id);
    });
    if (this.closed) consumer.close();
    this.assertOpen();
    this.consumers.set(consumer.id, { consumer, transport: entry });
    consumer.on('producerclose', () => consumer.close());
    return {
      consumerId: consumer.id,
      producerId: request.producerId,
      kind: 'video',
      rtpParameters: consumer.rtpParameters,
      source: target.info.source,
    };
  }

  async resumeConsumer({ consumerId }: ParsedRequest<'media:resumeConsumer'>): Promise<void> {
    const entry = this.consumers.get(consumerId);
    if (!entry) throw new ProtocolError('NOT_FOUND', `no consumer ${consumerId} of yours`);
    if (!entry.transport.connected) throw new ProtocolError('INVALID_STATE', 'connect the transport before resuming its consumer');
    await entry.consumer.resume();
  }

  listProducers(router: DroneRouter): ProducerInfo[] {
    return router.list().filter((p) => mayConsume(this.role, p.source));
  }

  /** Closes everything this client owns (its producers leave the router, so viewers are told). */
  close(): void {
    this.closed = true;
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
  }

  /** The router this peer works on; attaching subscribes to its loss. */
  async attach(): Promise<DroneRouter> {
    if (this.router && !this.router.closed) return this.router;
    const router = await this.getRouter();
    if (this.router !== router) {
      this.router = router;
      router.once('close', () => {
        if (this.router !== router) return;
        this.router = undefined;
        this.transports.clear();
        this.producers.clear();
        this.consumers.clear();
        this.receiving = undefined;
        this.reportRouterLost();
      });
    }
    return router;
  }

  /** Opens a receive transport on this client's router, placing the client first if it has none (open) yet. */
  private async openReceiving(
    origin: DroneRouter,
    open: (home: ConsumerRouter) => Promise<types.WebRtcTransport>,
  ): Promise<{ home: ConsumerRouter; transport: types.WebRtcTransport }> {
    // A client that may watch the drone consumes at once: count it before its first consume.
    const expectsConsumer = mayConsume(this.role, 'drone-camera');
    const placed = origin.fanout
      ? await origin.fanout.openReceiveTransport(this.receiving, expectsConsumer, open)
      : await open(origin).then((transport) => {
          origin.load.track(transport, expectsConsumer);
          return { home: origin as ConsumerRouter, transport };
        });
    if (placed.home !== this.receiving) {
      this.receiving = placed.home;
      // A piped router's loss (its worker died) takes this client's receiving with it: rebuild.
      if (!placed.home.isOrigin) {
        const home = placed.home;
        home.once('close', () => {
          if (this.receiving !== home) return;
          this.receiving = undefined;
          // Closed for sitting empty: this client had nothing there; its next transport is placed anew.
          if (!home.closedIdle) this.reportRouterLost();
        });
      }
    }
    return placed;
  }

  /** Once per loss: the origin and a piped router closing together (the origin's worker died) are one. */
  private reportRouterLost(): void {
    if (this.lossReported) return;
    this.lossReported = true;
    queueMicrotask(() => {
      this.lossReported = false;
      this.emit('routerLost');
    });
  }

  /** A request that finished after its client left must not leave what it made behind. */
  private assertOpen(): void {
    if (this.closed) throw new ProtocolError('INVALID_STATE', 'the client has left');
  }

  private canProduceAnything(): boolean {
    return mayProduce(this.role, 'drone-camera') || mayProduce(this.role, 'phone-camera') || mayProduce(this.role, 'processed-camera');
  }

  private transport(transportId: string): TransportEntry {
    const entry = this.transports.get(transportId);
    if (!entry) throw new ProtocolError('NOT_FOUND', `no transport ${transportId} of yours`);
    return entry;
  }
}

/** mediasoup throws TypeError/Error for bad RTP/DTLS parameters: report them as the client's fault. */
async function mediaCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('MEDIA_ERROR', (error as Error).message.slice(0, 300));
  }
}
