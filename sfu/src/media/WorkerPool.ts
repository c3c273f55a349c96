import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { ProtocolError, type Logger } from '@dronecast/protocol';

export interface WorkerPoolOptions {
  size: number;
  listenIp: string;
  announcedAddress: string;
  /** Worker i listens for WebRTC on basePort + i (UDP and TCP). */
  basePort: number;
  logger: Logger;
}

export interface WorkerSlot {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  /** Where a plain (camera) transport listens: the WebRTC address, on a port from the worker's range. */
  plainListen: { ip: string; announcedAddress: string };
}

export interface WorkerPoolEvents {
  /** A worker died; everything it carried is gone. A replacement is being started in its slot. */
  workerDied: [index: number, error: Error];
  workerReplaced: [slot: WorkerSlot];
}

/**
 * One mediasoup worker per core, each with a single-port WebRtcServer (one UDP + one TCP port per
 * worker is easy to open in a firewall). A worker that dies is replaced in the same slot and port.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  private readonly slots: (WorkerSlot | undefined)[] = [];
  private next = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    super();
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.options.size; i++) this.slots[i] = await this.startSlot(i);
    this.options.logger.info(`${this.options.size} mediasoup worker(s) up`, {
      ports: `${this.options.basePort}-${this.options.basePort + this.options.size - 1}`,
      announcedAddress: this.options.announcedAddress,
    });
  }

  /**
   * Round-robin over live workers. When none is live (the only one just died), waits for its
   * replacement rather than failing the clients that are rebuilding because of that death.
   */
  async pick(timeoutMs = 15_000): Promise<WorkerSlot> {
    for (let tries = 0; tries < this.slots.length; tries++) {
      const slot = this.slots[this.next++ % this.slots.length];
      if (slot && !slot.worker.closed) return slot;
    }
    if (this.closed) throw new ProtocolError('UNAVAILABLE', 'the media server is stopping');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('workerReplaced', onReplaced);
        reject(new ProtocolError('UNAVAILABLE', 'no media worker is running; try again shortly'));
      }, timeoutMs);
      const onReplaced = (slot: WorkerSlot): void => {
        clearTimeout(timer);
        resolve(slot);
      };
      this.once('workerReplaced', onReplaced);
    });
  }

  /**
   * The next live worker (round-robin) whose index is not in `avoid`, or undefined when every live
   * worker is in it: where a drone's next piped router goes (one router per worker per drone).
   */
  pickAvoiding(avoid: ReadonlySet<number>): WorkerSlot | undefined {
    for (let tries = 0; tries < this.slots.length; tries++) {
      const slot = this.slots[this.next++ % this.slots.length];
      if (slot && !slot.worker.closed && !avoid.has(slot.index)) return slot;
    }
    return undefined;
  }

  slotOf(worker: types.Worker): WorkerSlot | undefined {
    return this.slots.find((s) => s?.worker === worker);
  }

  get live(): WorkerSlot[] {
    return this.slots.filter((s): s is WorkerSlot => s !== undefined && !s.worker.closed);
  }

  /**
   * Shutdown has begun (the workers close a moment later): a worker that dies now, e.g. from the
   * same SIGTERM sent to the whole process group, is not replaced, and no new router is placed.
   */
  stopReplacing(): void {
    this.closed = true;
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot?.worker.close();
  }

  private async startSlot(index: number): Promise<WorkerSlot> {
    const { listenIp, announcedAddress, basePort, logger } = this.options;
    const worker = await mediasoup.createWorker({ logLevel: 'warn', appData: { index } });
    const port = basePort + index;
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: [
        { protocol: 'udp', ip: listenIp, announcedAddress, port },
        { protocol: 'tcp', ip: listenIp, announcedAddress, port },
      ],
    });
    worker.on('died', (error) => this.onDied(index, error));
    logger.debug('worker started', { index, pid: worker.pid, port });
    return { index, worker, webRtcServer, plainListen: { ip: listenIp, announcedAddress } };
  }

  private onDied(index: number, error: Error): void {
    const { logger } = this.options;
    if (this.closed) {
      logger.info(`mediasoup worker ${index} exited during shutdown`, { error: error.message });
      this.slots[index] = undefined;
      return;
    }
    logger.error(`mediasoup worker ${index} died; starting a replacement`, { error: error.message });
    this.slots[index] = undefined;
    this.emit('workerDied', index, error);
    const retry = (attempt: number): void => {
      if (this.closed) return;
      this.startSlot(index).then(
        (slot) => {
          this.slots[index] = slot;
          logger.info(`mediasoup worker ${index} replaced`, { pid: slot.worker.pid });
          this.emit('workerReplaced', slot);
        },
        (err: Error) => {
          // The dead worker's port can linger for a moment; back off and try again.
          logger.warn(`replacing worker ${index} failed (attempt ${attempt})`, { error: err.message });
          setTimeout(() => retry(attempt + 1), Math.min(5000, 250 * 2 ** attempt));
        },
      );
    };
    retry(1);
  }
}
