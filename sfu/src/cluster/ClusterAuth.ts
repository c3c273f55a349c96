import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { clusterEnvelopeSchema, type ClusterEnvelope } from '@dronecast/protocol';

/** How old a signed cluster message may be (clocks of SFU hosts are NTP-synchronised in practice). */
const maxAgeMs = 30_000;

/**
 * Signs and checks messages between SFUs with the signing secret they share (they must: a phone's
 * token from one works on the other). A separate HMAC domain keeps a cluster signature from ever
 * being a valid access token, and the other way round.
 */
export class ClusterAuth {
  /** Nonces of envelopes opened, with when they go stale: each envelope opens once (no replayed pipe requests). */
  private readonly seen = new Map<string, number>();

  constructor(private readonly secret: Buffer) {}

  seal(message: unknown, now = Date.now()): ClusterEnvelope {
    const body = JSON.stringify(message);
    const nonce = randomBytes(16).toString('base64url');
    return { body, at: now, nonce, sig: this.sign(body, now, nonce) };
  }

  /** The message inside, or undefined when the envelope is malformed, forged, stale or opened before. */
  open(envelope: unknown, now = Date.now()): unknown {
    const parsed = clusterEnvelopeSchema.safeParse(envelope);
    if (!parsed.success) return undefined;
    const { body, at, nonce, sig } = parsed.data;
    if (Math.abs(now - at) > maxAgeMs) return undefined;
    const expected = Buffer.from(this.sign(body, at, nonce));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    this.forgetStale(now);
    if (this.seen.has(nonce)) return undefined;
    this.seen.set(nonce, at + maxAgeMs);
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Past its freshness window an envelope is refused anyway; its nonce need not be kept. */
  private forgetStale(now: number): void {
    for (const [nonce, staleAt] of this.seen) if (staleAt < now - maxAgeMs) this.seen.delete(nonce);
  }

  private sign(body: string, at: number, nonce: string): string {
    return createHmac('sha256', this.secret).update(`dronecast-cluster\n${at}\n${nonce}\n${body}`).digest('base64url');
  }
}
