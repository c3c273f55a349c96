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

/** The media of one drone: a mediasoup router and the producers on it. */
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
