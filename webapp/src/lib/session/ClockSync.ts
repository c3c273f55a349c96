import { ClockOffset, clockSample, type ClockSample } from '@dronecast/protocol';

export type ClockSyncRequest = (clientTime: number) => Promise<{ clientTime: number; serverTime: number }>;

/**
 * Local epoch milliseconds from the monotonic clock: unlike Date.now() it does not jump when
 * the phone's wall clock is adjusted, so offsets measured earlier stay valid.
 */
export function localEpochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Keeps an NTP-style estimate of the server clock over 'clock:sync': a burst of samples when a
 * connection starts (so latency numbers are right within a second), then one every few seconds
 * to follow drift and pick up a quieter round trip.
 */
export class ClockSync {
  #offset: ClockOffset | null = null;
  #fresh = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running = false;

  constructor(
    private readonly sync: ClockSyncRequest,
    private readonly intervalMs = 5_000,
    private readonly burst = 5,
  ) {}

  /** Starts sampling for a new connection. The previous estimate is kept until a new sample replaces it. */
  start(): void {
    this.stop();
    this.#running = true;
    this.#fresh = true;
    void this.#burst();
    this.#timer = setInterval(() => void this.#sampleOnce(), this.intervalMs);
  }

  stop(): void {
    this.#running = false;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Server time now (local time until the first sample arrives). */
  serverNow(): number {
    return this.#offset ? this.#offset.serverNow(localEpochNow()) : localEpochNow();
  }

  get estimate(): ClockSample | null {
    return this.#offset?.best ?? null;
  }

  async #burst(): Promise<void> {
    for (let i = 0; i < this.burst && this.#running; i++) await this.#sampleOnce();
  }

  async #sampleOnce(): Promise<void> {
    if (!this.#running) return;
    const sentAt = localEpochNow();
    let reply: { clientTime: number; serverTime: number };
    try {
      reply = await this.sync(sentAt);
    } catch {
      return; // a lost sample only delays the estimate; the next one retries
    }
    if (!this.#running || reply.clientTime !== sentAt) return;
    // A new connection may be to a restarted server: start a new window with its first sample.
    if (this.#fresh || !this.#offset) {
      this.#offset = new ClockOffset();
      this.#fresh = false;
    }
    this.#offset.add(clockSample(sentAt, reply, localEpochNow()));
  }
}
