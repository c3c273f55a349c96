import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { MediaSource, ProducerInfo } from '@dronecast/protocol';
import type { ConsumerRouter } from './ConsumerRouter.ts';
import { DroneFanout, type DroneFanoutOptions } from './DroneFanout.ts';
import { mediaCodecs } from './mediaCodecs.ts';
import { RouterLoad } from './RouterLoad.ts';
import type { WorkerPool, WorkerSlot } from './WorkerPool.ts';

export interface DroneRouterEvents {
  producerAdded: [ProducerInfo];
  producerClosed: [producerId: string];
  /** The router is gone (its worker died or the server is stopping). */
  close: [];
}

interface Entry {
  producer: types.Producer;
  info: ProducerInfo;
}

/**
 * Which producers replace each other: one drone camera per drone (a ground agent that reconnects
 * replaces its old one rather than adding one), one camera per phone, one processed video per
 * phone camera.
 */
function slotOf(info: ProducerInfo): string {
  switch (info.source) {
    case 'drone-camera':
      return 'drone-camera';
    case 'phone-camera':
      return `phone-camera:${info.peerId}`;
    case 'processed-camera':
      return `processed-camera:${info.of ?? ''}`;
  }
}

/**
 * The media of one drone: its origin mediasoup router, where every producer goes, and, with a
 * fan-out, the piped routers on other workers that carry viewers past the origin's threshold.
 */
export class DroneRouter extends EventEmitter<DroneRouterEvents> implements ConsumerRouter {
  private readonly producers = new Map<string, Entry>();
  /** The clients' receive transports and consumers on this (origin) router. */
  readonly load = new RouterLoad();
  readonly isOrigin = true;
  readonly closedIdle = false;
  /** Where this drone's viewers are placed; absent: all on this router. */
  readonly fanout: DroneFanout | undefined;

  private constructor(
    readonly droneId: string,
    readonly router: types.Router,
    readonly slot: WorkerSlot,
    pool: WorkerPool,
    spread: DroneFanoutOptions | undefined,
  ) {
    super();
    this.fanout = spread ? new DroneFanout(this, pool, spread) : undefined;
    router.observer.on('close', () => {
      this.producers.clear();
      this.emit('close');
    });
  }

  /** `spread`: spread viewers over other workers past a threshold (see DroneFanout). */
  static async create(droneId: string, pool: WorkerPool, spread?: DroneFanoutOptions): Promise<DroneRouter> {
    const slot = await pool.pick();
    const router = await slot.worker.createRouter({ mediaCodecs, appData: { droneId } });
    return new DroneRouter(droneId, router, slot, pool, spread);
  }

  get closed(): boolean {
    return this.router.closed;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  list(): ProducerInfo[] {
    return [...this.producers.values()].map((e) => e.info);
  }

  get(producerId: string): Entry | undefined {
    return this.producers.get(producerId);
  }

  /** Producers live here: nothing to wait for. */
  producer(producerId: string): Promise<ProducerInfo | undefined> {
    return Promise.resolve(this.producers.get(producerId)?.info);
  }

  /** Registers a producer; an older one in the same slot (see slotOf) is closed first. */
  add(producer: types.Producer, source: MediaSource, peerId: string, of?: string): ProducerInfo {
    const info: ProducerInfo = { producerId: producer.id, source, kind: 'video', peerId, ...(of === undefined ? {} : { of }) };
    for (const entry of this.producers.values()) if (slotOf(entry.info) === slotOf(info)) entry.producer.close();
    this.producers.set(producer.id, { producer, info });
    producer.observer.on('close', () => {
      if (this.producers.delete(producer.id)) this.emit('producerClosed', producer.id);
    });
    this.emit('producerAdded', info);
    return info;
  }

  close(): void {
    this.router.close();
  }
}
