/**
 * A token bucket, one per sender: bursts are fine (a page setting up media sends a dozen requests
 * at once, a ground station a handful of MAVLink messages), a sustained flood is refused so one
 * sender can't starve the others. Shared by the SFU (socket.io clients, frame sockets) and the
 * ground agent (MAVLink ground stations).
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    if (!this.available()) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether take() would succeed now, taking nothing: to skip work whose result would be refused. */
  available(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    return this.tokens >= 1;
  }
}
