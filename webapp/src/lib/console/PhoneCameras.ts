import type { ProducerInfo, Welcome } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

/** A phone sending its camera, and whether the pose worker sends the processed video made from it. */
export interface PhoneCameraSource {
  /** The phone-camera producer; the processed video names it in `of`. */
  cameraId: string;
  /** The phone's peer id (to name it from the connected list). */
  peerId: string;
  processed: boolean;
}

/**
 * The phones sending their cameras, for the console's processed-video picker: listed once per
 * session, then kept current by the server's producer announcements.
 */
export class PhoneCameras {
  readonly #signaling: Signaling;
  readonly #sources = new ObservableValue<readonly PhoneCameraSource[]>([]);
  readonly #unsubscribe: (() => void)[];
  /** Announced producers by id, so a close (which names only the id) finds what it closes. */
  #producers = new Map<string, ProducerInfo>();
  #welcome: Welcome | null = null;
  #generation = 0;

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
    this.#unsubscribe = [
      signaling.on('media:producerAdded', (producer) => this.#add(producer)),
      signaling.on('media:producerClosed', ({ producerId }) => {
        if (this.#producers.delete(producerId)) this.#publish();
      }),
      signaling.status.subscribe(({ welcome }) => {
        if (welcome === this.#welcome) return;
        this.#welcome = welcome;
        void this.#reload(welcome);
      }),
    ];
  }

  get sources(): Observable<readonly PhoneCameraSource[]> {
    return this.#sources;
  }

  close(): void {
    this.#generation++;
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  /** A new session knows nothing of what the last one saw: start from the server's list. */
  async #reload(welcome: Welcome | null): Promise<void> {
    const generation = ++this.#generation;
    this.#producers = new Map();
    this.#publish();
    if (!welcome) return;
    const listed = await this.#signaling.request('media:listProducers', {}).catch(() => null);
    if (generation !== this.#generation || !listed) return;
    for (const producer of listed.producers) this.#producers.set(producer.producerId, producer);
    this.#publish();
  }

  #add(producer: ProducerInfo): void {
    if (producer.source === 'drone-camera') return;
    this.#producers.set(producer.producerId, producer);
    this.#publish();
  }

  #publish(): void {
    const all = [...this.#producers.values()];
    const processedOf = new Set(all.filter((p) => p.source === 'processed-camera' && p.of).map((p) => p.of));
    const sources = all
      .filter((p) => p.source === 'phone-camera')
      .map((p) => ({ cameraId: p.producerId, peerId: p.peerId, processed: processedOf.has(p.producerId) }));
    const current = this.#sources.value;
    if (sources.length === current.length && sources.every((s, i) => JSON.stringify(s) === JSON.stringify(current[i]))) return;
    this.#sources.set(sources);
  }
}
