import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger, ProducerInfo } from '@dronecast/protocol';
import type { ConsumerRouter } from './ConsumerRouter.ts';
import type { DroneRouter } from './DroneRouter.ts';
import { mediaCodecs } from './mediaCodecs.ts';
import { RouterLoad } from './RouterLoad.ts';
import type { WorkerSlot } from './WorkerPool.ts';

export interface PipedRouterEvents {
  /** Gone: its worker died, the origin closed, it sat empty, or the server is stopping. */
  close: [];
}

/**
 * Extra capacity for one drone's viewers on another worker: a router that receives every producer
 * of the drone's origin router through router.pipeToRouter(), kept in step with it. Piped
 * producers keep the origin's ids, so clients name producers the same on any router. A producer
 * closing on the origin closes its piped copy (mediasoup closes the pipe consumer and with it the
 * pipe producer), and with that the consumers of it here.
 */
export class PipedRouter extends EventEmitter<PipedRouterEvents> implements ConsumerRouter {
  readonly load = new RouterLoad();
  readonly isOrigin = false;
  private idleClosed = false;
  private readonly piped = new Map<string, Promise<types.Producer | undefined>>();
  private idleTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly origin: DroneRouter,
    readonly router: types.Router,
    readonly slot: WorkerSlot,
    private readonly idleCloseMs: number,
    private readonly logger: Logger,
  ) {
    super();
    const onAdded = (info: ProducerInfo): void => void this.pipe(info.producerId);
    const onOriginClosed = (): void => this.close();
    origin.on('producerAdded', onAdded);
    origin.once('close', onOriginClosed);
    router.observer.once('close', () => {
      clearTimeout(this.idleTimer);
      origin.off('producerAdded', onAdded);
      origin.off('close', onOriginClosed);
      this.piped.clear();
      this.emit('close');
    });
    // An empty piped router still costs a pipe transport pair and a stream per producer: let it go.
    this.load.on('empty', () => this.closeWhenIdle());
    this.closeWhenIdle();
  }

  /** A router on `slot`'s worker fed with every producer the origin has now and gets later. */
  static async create(origin: DroneRouter, slot: WorkerSlot, options: { idleCloseMs: number; logger: Logger }): Promise<PipedRouter> {
    const router = await slot.worker.createRouter({ mediaCodecs, appData: { droneId: origin.droneId, pipedFrom: origin.router.id } });
    const piped = new PipedRouter(origin, router, slot, options.idleCloseMs, options.logger);
    await Promise.all(origin.list().map((info) => piped.pipe(info.producerId)));
    return piped;
  }

  get droneId(): string {
    return this.origin.droneId;
  }

  get closedIdle(): boolean {
    return this.idleClosed;
  }

  get closed(): boolean {
    return this.router.closed;
  }

  /** Producers piped here and open now. */
  get pipedProducerCount(): number {
    return this.router.closed ? 0 : this.piped.size;
  }

  async producer(producerId: string): Promise<ProducerInfo | undefined> {
    const entry = this.origin.get(producerId);
    if (!entry || this.closed) return undefined;
    const piped = await this.pipe(producerId);
    return piped && !piped.closed ? entry.info : undefined;
  }

  /** A client is being placed here: the idle countdown starts over (it closes nothing while a transport is open). */
  claimed(): void {
    this.closeWhenIdle();
  }

  close(): void {
    if (!this.router.closed) this.router.close();
  }

  /** Pipes the producer here once; later calls share the first one's result. */
  private pipe(producerId: string): Promise<types.Producer | undefined> {
    let pending = this.piped.get(producerId);
    if (pending) return pending;
    pending = this.origin.router.pipeToRouter({ producerId, router: this.router, keepId: true }).then(
      ({ pipeProducer }) => {
        if (!pipeProducer) return undefined;
        pipeProducer.observer.once('close', () => {
          if (this.piped.get(producerId) === pending) this.piped.delete(producerId);
        });
        return pipeProducer;
      },
      (error: Error) => {
        // The producer closed meanwhile, or this router did: nothing to consume here.
        if (this.piped.get(producerId) === pending) this.piped.delete(producerId);
        if (!this.closed && this.origin.get(producerId)) this.logger.warn('piping a producer failed', { producerId, error: error.message });
        return undefined;
      },
    );
    this.piped.set(producerId, pending);
    return pending;
  }

  private closeWhenIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.load.transports > 0) return;
      this.logger.info('piped router idle; closing it', { droneId: this.droneId, worker: this.slot.index });
      this.idleClosed = true;
      this.close();
    }, this.idleCloseMs);
    this.idleTimer.unref();
  }
}
