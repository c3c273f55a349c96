import { z } from 'zod';

export const clockSyncRequest = z.strictObject({ clientTime: z.number().finite() });

export interface ClockSyncReply {
  clientTime: number;
  serverTime: number;
}

export interface ClockSample {
  offsetMs: number;
  rttMs: number;
}

/**
 * NTP-style estimate: the server read its clock about half a round trip after we sent.
 * offset = serverTime - local midpoint, so serverNow = localNow + offset.
 */
export function clockSample(sentAt: number, reply: ClockSyncReply, receivedAt: number): ClockSample {
  const rttMs = receivedAt - sentAt;
  return { offsetMs: reply.serverTime - (sentAt + receivedAt) / 2, rttMs };
}

/** Keeps the sample with the smallest round trip from a sliding window: it has the least queuing error. */
export class ClockOffset {
  private samples: ClockSample[] = [];

  constructor(private readonly window = 8) {}

  add(sample: ClockSample): void {
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
  }

  get best(): ClockSample | undefined {
    let best: ClockSample | undefined;
    for (const s of this.samples) if (!best || s.rttMs < best.rttMs) best = s;
    return best;
  }

  /** Local time converted to the server's clock (0 offset until a sample arrives). */
  serverNow(localNow: number): number {
    return localNow + (this.best?.offsetMs ?? 0);
  }
}

/** The requests clock sampling needs (structural, so protocol stays free of socket.io). */
export type ClockRequest = (clientTime: number) => Promise<ClockSyncReply>;

/** Takes `count` samples one after another; the best ends up in `offset`. Failures are skipped. */
export async function sampleClock(send: ClockRequest, offset: ClockOffset, count: number, now: () => number = Date.now): Promise<void> {
  for (let i = 0; i < count; i++) {
    const sentAt = now();
    try {
      const reply = await send(sentAt);
      offset.add(clockSample(sentAt, reply, now()));
    } catch {
      // A lost sample only means a less precise offset until the next one.
    }
  }
}
