import type { Logger } from '@dronecast/protocol';
import { DroneRouter } from '../media/DroneRouter.ts';
import type { DroneFanoutOptions } from '../media/DroneFanout.ts';
import type { WorkerPool } from '../media/WorkerPool.ts';

export interface DroneMediaOptions {
  droneId: string;
  pool: WorkerPool;
  /** When viewers spread over other workers (see DroneFanout). */
  spread: DroneFanoutOptions;
  logger: Logger;
  /** A router was made (first use, or again after its worker died): producer events, the cluster. */
  created(router: DroneRouter): void;
}

/** The drone's origin router: made on the least recently picked worker at first use, and again after its worker died. */
export class DroneMedia {
  private pending: Promise<DroneRouter> | undefined;
  private closed = false;

  constructor(private readonly options: DroneMediaOptions) {}

  /** The open router, made once however many clients ask at the same time. */
  async router(): Promise<DroneRouter> {
    // A router found closed (its worker just died) is made again, once.
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new Error(`drone ${this.options.droneId} is closed`);
      const pending = (this.pending ??= this.make());
      const router = await pending.catch((error: unknown) => {
        if (this.pending === pending) this.pending = undefined;
        throw error;
      });
      if (!router.closed || attempt > 0) return router;
      if (this.pending === pending) this.pending = undefined;
    }
  }

  private async make(): Promise<DroneRouter> {
    const router = await DroneRouter.create(this.options.droneId, this.options.pool, this.options.spread);
    if (this.closed) {
      router.close();
      throw new Error(`drone ${this.options.droneId} is closed`);
    }
    this.options.logger.info('router created', { worker: router.slot.index });
    this.options.created(router);
    return router;
  }

  close(): void {
    this.closed = true;
    void this.pending?.then((router) => router.close(), () => undefined);
  }
}
