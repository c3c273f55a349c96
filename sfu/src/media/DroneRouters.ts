import { EventEmitter } from 'node:events';
import type { Logger } from '@dronecast/protocol';
import { DroneRouter } from './DroneRouter.ts';
import type { WorkerPool } from './WorkerPool.ts';

export interface DroneRoutersOptions {
  /** Client consumers per router before a drone's new viewers go to another worker (default: never). */
  consumersPerRouter?: number;
  /** How long an empty piped router lives on (default 30 s). */
  pipedIdleCloseMs?: number;
}

export interface DroneRoutersEvents {
  /** A drone's origin router was created (first use, or again after its worker died). */
  created: [DroneRouter];
}

/** drone id -> its router, created on first use on the least recently picked worker. */
export class DroneRouters extends EventEmitter<DroneRoutersEvents> {
  private readonly routers = new Map<string, Promise<DroneRouter>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly logger: Logger,
    private readonly options: DroneRoutersOptions = {},
  ) {
    super();
  }

  async get(droneId: string): Promise<DroneRouter> {
    let pending = this.routers.get(droneId);
    if (pending) {
      const existing = await pending;
      if (!existing.closed) return existing;
    }
    pending = DroneRouter.create(droneId, this.pool, {
      consumersPerRouter: this.options.consumersPerRouter ?? Infinity,
      ...(this.options.pipedIdleCloseMs === undefined ? {} : { idleCloseMs: this.options.pipedIdleCloseMs }),
      logger: this.logger,
    });
    this.routers.set(droneId, pending);
    pending.catch(() => this.routers.delete(droneId));
    const router = await pending;
    this.logger.info('router created', { droneId, worker: router.slot.index });
    router.once('close', () => {
      if (this.routers.get(droneId) === pending) this.routers.delete(droneId);
    });
    this.emit('created', router);
    return router;
  }

  /** The drones' origin routers open now (each with its fan-out: routers, loads, piped producers). */
  async list(): Promise<DroneRouter[]> {
    const settled = await Promise.allSettled(this.routers.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' && !s.value.closed ? [s.value] : []));
  }

  close(): void {
    for (const pending of this.routers.values()) void pending.then((r) => r.close(), () => undefined);
    this.routers.clear();
  }
}
