import type { types } from 'mediasoup';

/** What `mediasoup.observer` looks like here: passed in so tests can drive it without real workers. */
export interface MediasoupObserver {
  on(event: 'newworker', listener: (worker: types.Worker) => void): unknown;
}

/**
 * Every live mediasoup object in this process, learned from mediasoup's own observer events: the
 * metrics see workers, routers, transports, producers and consumers however the media code
 * creates them (more workers, pipeToRouter), without hooks in that code.
 */
export class MediasoupInventory {
  readonly workers = new Set<types.Worker>();
  readonly routers = new Set<types.Router>();
  readonly transports = new Set<types.Transport>();
  readonly producers = new Set<types.Producer>();
  readonly consumers = new Set<types.Consumer>();
  /** Workers that died (the pool starts a replacement for each). */
  deaths = 0;

  constructor(observer: MediasoupObserver) {
    observer.on('newworker', (worker) => this.addWorker(worker));
  }

  /** The source a producer was made for (its appData, also kept by pipe producers); consumers take their producer's. */
  sourceOfProducer(producer: types.Producer): string {
    const source = (producer.appData as { source?: unknown }).source;
    return typeof source === 'string' ? source : 'unknown';
  }

  sourceOfConsumer(consumer: types.Consumer): string {
    for (const producer of this.producers) if (producer.id === consumer.producerId) return this.sourceOfProducer(producer);
    return 'unknown';
  }

  private addWorker(worker: types.Worker): void {
    this.workers.add(worker);
    worker.on('died', () => this.deaths++);
    worker.observer.on('close', () => this.workers.delete(worker));
    worker.observer.on('newrouter', (router) => {
      this.routers.add(router);
      router.observer.on('close', () => this.routers.delete(router));
      router.observer.on('newtransport', (transport) => this.addTransport(transport));
    });
  }

  private addTransport(transport: types.Transport): void {
    this.transports.add(transport);
    transport.observer.on('close', () => this.transports.delete(transport));
    transport.observer.on('newproducer', (producer) => {
      this.producers.add(producer);
      producer.observer.on('close', () => this.producers.delete(producer));
    });
    transport.observer.on('newconsumer', (consumer) => {
      this.consumers.add(consumer);
      consumer.observer.on('close', () => this.consumers.delete(consumer));
    });
  }
}
