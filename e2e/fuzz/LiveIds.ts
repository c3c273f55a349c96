import type { RequestName } from '@dronecast/protocol';
import type { Random } from '../support/Random.ts';

type Pool = 'transport' | 'producer' | 'consumer' | 'gallery' | 'link';
const poolSize = 32;

/**
 * Ids the server handed out during the run (transports, producers, consumers, gallery items,
 * access links): payloads that name real objects reach past validation into the code that owns
 * them, where made-up ids would stop at NOT_FOUND.
 */
export class LiveIds {
  private readonly pools = new Map<Pool, string[]>();
  /** Ids no fuzz case may name (the gallery item the HTTP fuzzer reads). */
  private readonly protectedIds = new Set<string>();

  constructor(private readonly random: Random) {}

  protect(id: string): void {
    this.protectedIds.add(id);
  }

  /** Learns the ids in one successful answer. */
  learn(event: RequestName, data: unknown): void {
    const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
    const answer = record(data);
    const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
    switch (event) {
      case 'media:createTransport':
      case 'media:createPlainTransport':
        return this.add('transport', answer.id);
      case 'media:produce':
        return this.add('producer', answer.producerId);
      case 'media:listProducers':
        return list(answer.producers).forEach((p) => this.add('producer', record(p).producerId));
      case 'media:consume':
        return this.add('consumer', answer.consumerId);
      case 'capture:photo':
        return this.add('gallery', answer.id);
      case 'capture:stopRecording':
        return this.add('gallery', record(answer.item).id);
      case 'gallery:list':
        return list(answer.items).forEach((item) => this.add('gallery', record(item).id));
      case 'links:list':
        return list(answer.links).forEach((link) => this.add('link', record(link).id));
      case 'links:issue':
        return this.add('link', record(answer.link).id);
      default:
    }
  }

  /** A live id of this kind when there is one (most of the time), else a well-formed made-up one. */
  id(pool: Pool): string {
    const live = (this.pools.get(pool) ?? []).filter((id) => !this.protectedIds.has(id));
    if (live.length > 0 && this.random.chance(0.8)) return this.random.pick(live);
    switch (pool) {
      case 'gallery':
        return this.random.text(this.random.int(12, 32), 'abcdefghijklmnopqrstuvwxyz0123456789');
      case 'link':
        return `link-${this.random.text(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}`;
      default:
        return crypto.randomUUID();
    }
  }

  private add(pool: Pool, id: unknown): void {
    if (typeof id !== 'string') return;
    const ids = this.pools.get(pool) ?? [];
    if (ids.includes(id)) return;
    ids.push(id);
    if (ids.length > poolSize) ids.shift();
    this.pools.set(pool, ids);
  }
}
