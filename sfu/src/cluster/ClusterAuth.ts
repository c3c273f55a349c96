import { createHmac, timingSafeEqual } from 'node:crypto';
import { clusterEnvelopeSchema, type ClusterEnvelope } from '@dronecast/protocol';

/** How old a signed cluster message may be (clocks of SFU hosts are NTP-synchronised in practice). */
const maxAgeMs = 30_000;

/**
 * Signs and checks messages between SFUs with the signing secret they share (they must: a phone's
 * token from one works on the other). A separate HMAC domain keeps a cluster signature from ever
 * being a valid access token, and the other way round.
 */
export class ClusterAuth {
  constructor(private readonly secret: Buffer) {}

  seal(message: unknown, now = Date.now()): ClusterEnvelope {
    const body = JSON.stringify(message);
    return { body, at: now, sig: this.sign(body, now) };
  }

  /** The message inside, or undefined when the envelope is malformed, forged or stale. */
  open(envelope: unknown, now = Date.now()): unknown {
    const parsed = clusterEnvelopeSchema.safeParse(envelope);
    if (!parsed.success) return undefined;
    const { body, at, sig } = parsed.data;
    if (Math.abs(now - at) > maxAgeMs) return undefined;
    const expected = Buffer.from(this.sign(body, at));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }

  private sign(body: string, at: number): string {
    return createHmac('sha256', this.secret).update(`dronecast-cluster\n${at}\n${body}`).digest('base64url');
  }
}
