export interface SessionTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * MQTT sessions kept across connections (CONNECT with clean=false): the broker keeps their
 * subscriptions, and queues QoS 1 messages for them while they are away. Capped, and each one
 * expires a while after its client left, so tools that come and go cannot grow them forever.
 */
export class PersistentSessions {
  /** Client id -> its expiry timer while the client is away (undefined while connected). */
  private readonly sessions = new Map<string, unknown>();

  constructor(
    readonly max: number,
    private readonly expireAfterMs: number,
    /** Forgets a session's subscriptions in the broker. */
    private readonly forget: (clientId: string) => void,
    private readonly timers: SessionTimers = { setTimeout: (cb, ms) => setTimeout(cb, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** A client asks for a persistent session: false when the cap is reached by others. */
  admit(clientId: string): boolean {
    if (!this.sessions.has(clientId) && this.sessions.size >= this.max) return false;
    this.timers.clearTimeout(this.sessions.get(clientId));
    this.sessions.set(clientId, undefined);
    return true;
  }

  /** Its client disconnected: the session lives on until it comes back or expires. */
  left(clientId: string): void {
    if (!this.sessions.has(clientId)) return;
    this.timers.clearTimeout(this.sessions.get(clientId));
    const timer = this.timers.setTimeout(() => {
      this.sessions.delete(clientId);
      this.forget(clientId);
    }, this.expireAfterMs);
    this.sessions.set(clientId, timer);
  }

  /** The client connected with clean=true: its old session is gone already. */
  dropped(clientId: string): void {
    this.timers.clearTimeout(this.sessions.get(clientId));
    this.sessions.delete(clientId);
  }
}
