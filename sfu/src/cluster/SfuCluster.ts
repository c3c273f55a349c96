import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { types } from 'mediasoup';
import {
  clusterEvents,
  clusterGreetSchema,
  clusterLinkRevokedSchema,
  clusterListRevokedAnswerSchema,
  clusterListRevokedRequestSchema,
  clusterListAnswerSchema,
  clusterListRequestSchema,
  clusterPipeAnswerSchema,
  clusterPipeRequestSchema,
  clusterProducerClosedSchema,
  clusterProducerEventSchema,
  type ClusterEnvelope,
  type ClusterProducer,
  type Logger,
} from '@dronecast/protocol';
import type { Drones } from '../drone/Drones.ts';
import type { DroneRouter } from '../media/DroneRouter.ts';
import type { ClusterAuth } from './ClusterAuth.ts';
import type { ClusterSettings } from './clusterFlags.ts';
import { connectRedis } from './connectRedis.ts';

/** The part of the signaling server's socket.io the cluster uses (its typed events don't cover server-to-server ones). */
export interface ClusterIo {
  adapter(factory: ReturnType<typeof createAdapter>): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  serverSideEmit(event: string, ...args: unknown[]): boolean;
  serverSideEmitWithAck(event: string, ...args: unknown[]): Promise<unknown[]>;
}

/** The revoked people's links this host knows of; revocations travel between hosts. */
export interface ClusterRevocations {
  list(): string[];
  /** Revoked on another host: refuse it here too and drop its connections. */
  heard(linkId: string): void;
}

export interface SfuClusterOptions extends ClusterSettings {
  io: ClusterIo;
  drones: Drones;
  auth: ClusterAuth;
  revocations: ClusterRevocations;
  logger: Logger;
}

type Ack = (answer: ClusterEnvelope | null) => void;

const askTimeoutMs = 5000;
const connectTimeoutMs = 10_000;

/**
 * This SFU as one host of several: signaling shared through socket.io's Redis adapter (room
 * broadcasts such as telemetry reach every host's clients), and media between hosts through
 * PipeTransports. A producer made here by a client is announced to the others; a host whose
 * clients watch that drone asks the origin host to pipe it over (the origin opens a PipeTransport
 * to the asker and consumes the producer into it) and then serves it from its own router under
 * the same producer id, as if it were local.
 */
export class SfuCluster {
  readonly serverId = randomUUID();
  /** Local routers by drone, as they are created. */
  private readonly routers = new Map<string, DroneRouter>();
  /** Producers piped in from other hosts (by id) and those being piped. */
  private readonly pipedIn = new Map<string, Promise<types.Producer | undefined>>();
  private readonly announced = new Set<string>();

  private constructor(
    private readonly options: SfuClusterOptions,
    private readonly closeRedis: () => Promise<void>,
  ) {
    const { io, drones } = options;
    drones.on('routerCreated', (router) => this.watch(router));
    io.on(clusterEvents.greet, (envelope: unknown) => this.onGreet(envelope));
    io.on(clusterEvents.producerAdded, (envelope: unknown) => this.onProducerAdded(envelope));
    io.on(clusterEvents.producerClosed, (envelope: unknown) => this.onProducerClosed(envelope));
    io.on(clusterEvents.listProducers, (envelope: unknown, ack: Ack) => ack(this.onList(envelope)));
    io.on(clusterEvents.linkRevoked, (envelope: unknown) => this.onLinkRevoked(envelope));
    io.on(clusterEvents.listRevoked, (envelope: unknown, ack: Ack) => ack(this.onListRevoked(envelope)));
    io.on(clusterEvents.pipe, (envelope: unknown, ack: Ack) => {
      this.onPipe(envelope).then(ack, (error: Error) => {
        options.logger.warn('piping to another SFU failed', { error: error.message });
        ack(null);
      });
    });
  }

  /** Connects to Redis and puts socket.io on the Redis adapter. */
  static async join(options: SfuClusterOptions): Promise<SfuCluster> {
    // node-redis retries a refused connection forever: give up after a while with a clear reason.
    const { pub, sub } = await connectRedis(options.redisUrl, options.logger, connectTimeoutMs);
    options.io.adapter(createAdapter(pub, sub, { requestsTimeout: askTimeoutMs }));
    const cluster = new SfuCluster(options, async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    });
    options.logger.info('sharing signaling through redis', { server: cluster.serverId, pipeIp: options.pipeAnnouncedAddress });
    await cluster.learnRevocations();
    return cluster;
  }

  /** Producers this host serves that originate on another host. */
  get pipedInCount(): number {
    return this.pipedIn.size;
  }

  async close(): Promise<void> {
    await this.closeRedis();
  }

  /** A client of the drone joined this host, which lacks the drone's ground agent: the host that has it greets the client. */
  greet(droneId: string, peerId: string): void {
    this.broadcast(clusterEvents.greet, { droneId, peerId });
  }

  /** A link revoked here: the other hosts refuse it too (each keeps its own link book). */
  announceRevoked(linkId: string): void {
    this.broadcast(clusterEvents.linkRevoked, { linkId });
  }

  /** Before this host serves anyone: the links the hosts already running have seen revoked. */
  private async learnRevocations(): Promise<void> {
    for (const answer of await this.askAll(clusterEvents.listRevoked, { server: this.serverId })) {
      const list = clusterListRevokedAnswerSchema.safeParse(answer);
      if (list.success) for (const linkId of list.data.linkIds) this.options.revocations.heard(linkId);
    }
  }

  private onLinkRevoked(envelope: unknown): void {
    const event = clusterLinkRevokedSchema.safeParse(this.options.auth.open(envelope));
    if (!event.success) return this.options.logger.warn('unsigned or malformed cluster message dropped', { event: clusterEvents.linkRevoked });
    this.options.logger.info('a link was revoked on another host', { linkId: event.data.linkId });
    this.options.revocations.heard(event.data.linkId);
  }

  private onListRevoked(envelope: unknown): ClusterEnvelope | null {
    if (!clusterListRevokedRequestSchema.safeParse(this.options.auth.open(envelope)).success) return null;
    return this.options.auth.seal({ server: this.serverId, linkIds: this.options.revocations.list() });
  }

  private onGreet(envelope: unknown): void {
    const request = clusterGreetSchema.safeParse(this.options.auth.open(envelope));
    if (!request.success) return this.options.logger.warn('unsigned or malformed cluster message dropped', { event: clusterEvents.greet });
    const drone = this.options.drones.find(request.data.droneId);
    // Only the agent's host knows the drone's state; the others stay quiet.
    if (drone?.control.agentOnline) drone.greetPeer(request.data.peerId);
  }

  /** A new local router: announce what clients produce on it, and pipe in what the other hosts have. */
  private watch(router: DroneRouter): void {
    const { droneId } = router;
    this.routers.set(droneId, router);
    router.once('close', () => {
      if (this.routers.get(droneId) === router) this.routers.delete(droneId);
    });
    router.on('producerAdded', (info) => {
      if (!this.isOrigin(router, info.producerId)) return;
      this.announced.add(info.producerId);
      this.broadcast(clusterEvents.producerAdded, { droneId, server: this.serverId, producer: info });
    });
    router.on('producerClosed', (producerId) => {
      if (!this.announced.delete(producerId)) return;
      this.broadcast(clusterEvents.producerClosed, { droneId, server: this.serverId, producerId });
    });
    void this.askAll(clusterEvents.listProducers, { droneId }).then((answers) => {
      for (const answer of answers) {
        const list = clusterListAnswerSchema.safeParse(answer);
        if (list.success) for (const producer of list.data.producers) void this.pipeIn(router, producer);
      }
    });
  }

  /** Made here by a client, not piped in from another host. */
  private isOrigin(router: DroneRouter, producerId: string): boolean {
    return router.get(producerId) !== undefined && !this.pipedIn.has(producerId);
  }

  private onProducerAdded(envelope: unknown): void {
    const event = clusterProducerEventSchema.safeParse(this.options.auth.open(envelope));
    if (!event.success) return this.options.logger.warn('unsigned or malformed cluster message dropped', { event: clusterEvents.producerAdded });
    const router = this.routers.get(event.data.droneId);
    if (router && !router.closed) void this.pipeIn(router, event.data.producer);
  }

  private onProducerClosed(envelope: unknown): void {
    const event = clusterProducerClosedSchema.safeParse(this.options.auth.open(envelope));
    if (!event.success) return this.options.logger.warn('unsigned or malformed cluster message dropped', { event: clusterEvents.producerClosed });
    void this.pipedIn.get(event.data.producerId)?.then((producer) => producer?.close());
  }

  private onList(envelope: unknown): ClusterEnvelope | null {
    const request = clusterListRequestSchema.safeParse(this.options.auth.open(envelope));
    if (!request.success) return null;
    const router = this.routers.get(request.data.droneId);
    const producers = router && !router.closed ? router.list().filter((p) => this.isOrigin(router, p.producerId)) : [];
    return this.options.auth.seal({ server: this.serverId, producers });
  }

  /** Another host asks for one of our producers: a PipeTransport to it, with the producer consumed into it. */
  private async onPipe(envelope: unknown): Promise<ClusterEnvelope | null> {
    const request = clusterPipeRequestSchema.safeParse(this.options.auth.open(envelope));
    if (!request.success) return null;
    const { droneId, producerId, to } = request.data;
    const router = this.routers.get(droneId);
    if (!router || router.closed || !this.isOrigin(router, producerId)) return null;
    const transport = await this.createPipeTransport(router);
    try {
      await transport.connect({ ip: to.ip, port: to.port });
      const consumer = await transport.consume({ producerId });
      // One transport per piped producer: it goes when the producer (so its consumer) goes.
      consumer.observer.once('close', () => transport.close());
      const info = router.get(producerId)?.info;
      if (!info) throw new Error('the producer closed meanwhile');
      this.options.logger.info('piping a producer to another SFU', { droneId, producerId, to: `${to.ip}:${to.port}` });
      return this.options.auth.seal({
        server: this.serverId,
        producer: info,
        from: { ip: this.options.pipeAnnouncedAddress, port: transport.tuple.localPort },
        rtpParameters: consumer.rtpParameters,
        paused: consumer.producerPaused,
      });
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  /** Serves another host's producer from the local router under its own id. */
  private pipeIn(router: DroneRouter, producer: ClusterProducer): Promise<types.Producer | undefined> {
    const { producerId } = producer;
    const existing = this.pipedIn.get(producerId);
    if (existing || router.get(producerId)) return existing ?? Promise.resolve(undefined);
    const pending = this.pipeInNow(router, producer).catch((error: Error) => {
      this.options.logger.warn('piping in from another SFU failed', { producerId, error: error.message });
      return undefined;
    });
    this.pipedIn.set(producerId, pending);
    void pending.then((piped) => {
      if (!piped || piped.closed) this.pipedIn.delete(producerId);
      else piped.observer.once('close', () => this.pipedIn.delete(producerId));
    });
    return pending;
  }

  private async pipeInNow(router: DroneRouter, producer: ClusterProducer): Promise<types.Producer | undefined> {
    const transport = await this.createPipeTransport(router);
    try {
      const to = { ip: this.options.pipeAnnouncedAddress, port: transport.tuple.localPort };
      const answers = await this.askAll(clusterEvents.pipe, { droneId: router.droneId, producerId: producer.producerId, to });
      const answer = answers.map((a) => clusterPipeAnswerSchema.safeParse(a)).find((a) => a.success)?.data;
      if (!answer) throw new Error('no SFU has that producer any more');
      await transport.connect({ ip: answer.from.ip, port: answer.from.port });
      const piped = await transport.produce({
        id: producer.producerId,
        kind: 'video',
        rtpParameters: answer.rtpParameters as unknown as types.RtpParameters,
        paused: answer.paused,
      });
      piped.observer.once('close', () => transport.close());
      router.add(piped, answer.producer.source, answer.producer.peerId, answer.producer.of);
      this.options.logger.info('serving a producer piped from another SFU', { droneId: router.droneId, producerId: producer.producerId, from: answer.server });
      return piped;
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  private createPipeTransport(router: DroneRouter): Promise<types.PipeTransport> {
    const { pipeListenIp, pipeAnnouncedAddress } = this.options;
    return router.router.createPipeTransport({ listenInfo: { protocol: 'udp', ip: pipeListenIp, announcedAddress: pipeAnnouncedAddress } });
  }

  private broadcast(event: string, message: unknown): void {
    this.options.io.serverSideEmit(event, this.options.auth.seal(message));
  }

  /** Asks every other SFU; the opened (signed, well-formed) answers. */
  private async askAll(event: string, message: unknown): Promise<unknown[]> {
    try {
      // Times out (adapter's requestsTimeout) when some SFU does not answer.
      const answers = await this.options.io.serverSideEmitWithAck(event, this.options.auth.seal(message));
      return answers.filter((a) => a !== null).map((a) => this.options.auth.open(a)).filter((a) => a !== undefined);
    } catch (error) {
      this.options.logger.warn('no answer from the other SFUs', { event, error: (error as Error).message });
      return [];
    }
  }
}
