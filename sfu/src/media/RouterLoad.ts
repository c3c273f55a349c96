import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';

export interface RouterLoadEvents {
  /** The last client receive transport on this router closed. */
  empty: [];
}

interface Receiver {
  consumers: number;
  expectsConsumer: boolean;
}

/**
 * What one router carries for clients: their receive transports and the consumers on them, kept
 * current from mediasoup's own observer events. Placement compares `value` with the threshold.
 */
export class RouterLoad extends EventEmitter<RouterLoadEvents> {
  private readonly receivers = new Map<string, Receiver>();

  /**
   * Counts a client's receive transport from now until it closes. `expectsConsumer`: the client
   * consumes as soon as it can (a phone watching the drone), so it weighs one consumer before its
   * first consume; that keeps a burst of joining phones from all landing on the same router.
   */
  track(transport: types.Transport, expectsConsumer: boolean): void {
    const receiver: Receiver = { consumers: 0, expectsConsumer };
    this.receivers.set(transport.id, receiver);
    transport.observer.on('newconsumer', (consumer: types.Consumer) => {
      receiver.consumers++;
      consumer.observer.once('close', () => receiver.consumers--);
    });
    transport.observer.once('close', () => {
      this.receivers.delete(transport.id);
      if (this.receivers.size === 0) this.emit('empty');
    });
  }

  /** Client consumers on this router now. */
  get consumers(): number {
    let total = 0;
    for (const r of this.receivers.values()) total += r.consumers;
    return total;
  }

  /** Client receive transports on this router now. */
  get transports(): number {
    return this.receivers.size;
  }

  /** Consumers, counting a client that is about to consume as one. */
  get value(): number {
    let total = 0;
    for (const r of this.receivers.values()) total += Math.max(r.consumers, r.expectsConsumer ? 1 : 0);
    return total;
  }
}
