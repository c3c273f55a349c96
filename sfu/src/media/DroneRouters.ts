import type { Logger } from '@dronecast/protocol';
import { DroneRouter } from './DroneRouter.ts';
import type { WorkerPool } from './WorkerPool.ts';

/** drone id -> its router, created on first use on the least recently picked worker. */
export class DroneRouters {
  private readonly routers = new Map<string, Promise<DroneRouter>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly logger: Logger,
  ) {}

  async get(droneId: string): Promise<DroneRouter> {
    let pending = this.routers.get(droneId);
    if (pending) {
      const existing = await pending;
      if (!existing.closed) return existing;
    }
    pending = DroneRouter.create(droneId, this.pool);
    this.routers.set(droneId, pending);
    pending.catch(() => this.routers.delete(droneId));
    const router = await pending;
    this.logger.info('router created', { droneId, worker: router.slot.index });
    router.once('close', () => {
      if (this.routers.get(droneId) === pending) this.routers.delete(droneId);
    });
    return router;
  }

  close(): void {
    for (const pending of this.routers.values()) void pending.then((r) => r.close(), () => undefined);
    this.routers.clear();
  }
}
