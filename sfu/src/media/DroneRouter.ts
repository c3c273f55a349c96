import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { MediaSource, ProducerInfo } from '@dronecast/protocol';
import { mediaCodecs } from './mediaCodecs.ts';
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
 * The media of one drone: a mediasoup router and the producers on it, at most one per source
 * (a ground agent that reconnects replaces its old drone-camera producer rather than adding one).
 */
export class DroneRouter extends EventEmitter<DroneRouterEvents> {
  private readonly producers = new Map<string, Entry>();

  private constructor(
    readonly droneId: string,
    readonly router: types.Router,
    readonly slot: WorkerSlot,
  ) {
    super();
    router.observer.on('close', () => {
      this.producers.clear();
      this.emit('close');
    });
  }

  static async create(droneId: string, pool: WorkerPool): Promise<DroneRouter> {
    const slot = await pool.pick();
    const router = await slot.worker.createRouter({ mediaCodecs, appData: { droneId } });
    return new DroneRouter(droneId, router, slot);
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

  /** Registers a producer; an older producer of the same source is closed first. */
  add(producer: types.Producer, source: MediaSource, peerId: string): ProducerInfo {
    for (const entry of this.producers.values()) if (entry.info.source === source) entry.producer.close();
    const info: ProducerInfo = { producerId: producer.id, source, kind: 'video', peerId };
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
