import type { types } from 'mediasoup';
import type { ProducerInfo } from '@dronecast/protocol';
import type { RouterLoad } from './RouterLoad.ts';
import type { WorkerSlot } from './WorkerPool.ts';

/**
 * A router that clients' receive transports live on: the drone's origin router, or a piped
 * router on another worker that gets the drone's producers through pipeToRouter.
 */
export interface ConsumerRouter {
  readonly router: types.Router;
  readonly slot: WorkerSlot;
  readonly closed: boolean;
  readonly load: RouterLoad;
  /** True for the drone's origin router (where producers go). */
  readonly isOrigin: boolean;
  /** Closed because no client used it for a while (not lost): nobody needs to rebuild. */
  readonly closedIdle: boolean;
  /**
   * The drone's producer, once it can be consumed on this router (a piped router may first have to
   * pipe it); undefined when the drone has no such producer (any more).
   */
  producer(producerId: string): Promise<ProducerInfo | undefined>;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}
