import type { types } from 'mediasoup';
import { ProtocolError, type Logger } from '@dronecast/protocol';
import type { ConsumerRouter } from './ConsumerRouter.ts';
import type { DroneRouter } from './DroneRouter.ts';
import { PipedRouter } from './PipedRouter.ts';
import type { WorkerPool } from './WorkerPool.ts';

export interface DroneFanoutOptions {
  /**
   * Client consumers one router should carry before new clients go to a router on another worker
   * (the fan-out bench measured ~670 consumers of a 1 Mbit/s stream per worker core; 300 leaves
   * room for the rest of the worker's work). Infinity = never spread.
   */
  consumersPerRouter: number;
  /** How long a piped router with no clients lives on (default 30 s). */
  idleCloseMs?: number;
  logger: Logger;
}

/**
 * Where one drone's viewers are served: its origin router first, then, once that carries
 * `consumersPerRouter`, piped routers on the other workers, each fed through pipeToRouter. Every
 * router of a drone is on its own worker (pipeToRouter keeping producer ids needs that, and a
 * second router on the same worker would add no capacity). When every worker already carries the
 * drone and all are full, the least loaded one takes the client: better over the threshold than refused.
 */
export class DroneFanout {
  private readonly piped: PipedRouter[] = [];
  /** Placement and transport creation run one at a time, so each sees the load the last one left. */
  private queue: Promise<unknown> = Promise.resolve();
  private warnedFull = false;

  constructor(
    readonly origin: DroneRouter,
    private readonly pool: WorkerPool,
    private readonly options: DroneFanoutOptions,
  ) {}

  /** The drone's routers that are open now, origin first. */
  get routers(): ConsumerRouter[] {
    return [this.origin, ...this.piped].filter((r) => !r.closed);
  }

  /** The piped routers open now. */
  get pipedRouters(): PipedRouter[] {
    return this.piped.filter((r) => !r.closed);
  }

  /** Client consumers over all the drone's routers. */
  get consumers(): number {
    return this.routers.reduce((sum, r) => sum + r.load.consumers, 0);
  }

  /**
   * Opens a client's receive transport: on `home` when it is still open (a client's transports stay
   * on the router it was given), otherwise on the router placement picks. The transport is counted
   * in that router's load until it closes.
   */
  openReceiveTransport<T extends types.Transport>(
    home: ConsumerRouter | undefined,
    expectsConsumer: boolean,
    open: (router: ConsumerRouter) => Promise<T>,
  ): Promise<{ home: ConsumerRouter; transport: T }> {
    const run = async (): Promise<{ home: ConsumerRouter; transport: T }> => {
      const router = home && !home.closed ? home : await this.place();
      if (router instanceof PipedRouter) router.claimed();
      const transport = await open(router);
      router.load.track(transport, expectsConsumer);
      return { home: router, transport };
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async place(): Promise<ConsumerRouter> {
    const { consumersPerRouter, logger } = this.options;
    const open = this.routers;
    if (open.length === 0) throw new ProtocolError('UNAVAILABLE', 'the drone\'s media router is gone; reconnect');
    const roomy = open.find((r) => r.load.value < consumersPerRouter);
    if (roomy) return roomy;
    const slot = this.pool.pickAvoiding(new Set(open.map((r) => r.slot.index)));
    if (slot) {
      const piped = await PipedRouter.create(this.origin, slot, { idleCloseMs: this.options.idleCloseMs ?? 30_000, logger });
      this.piped.push(piped);
      piped.once('close', () => this.piped.splice(this.piped.indexOf(piped), 1));
      logger.info('drone spread to another worker', { droneId: this.origin.droneId, worker: slot.index, routers: this.routers.length });
      this.warnedFull = false;
      return piped;
    }
    const leastLoaded = open.reduce((a, b) => (b.load.value < a.load.value ? b : a));
    if (!this.warnedFull) {
      logger.warn('every worker carries this drone at its threshold; going over it', { droneId: this.origin.droneId, consumersPerRouter });
      this.warnedFull = true;
    }
    return leastLoaded;
  }
}
