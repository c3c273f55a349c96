/** The slice of the Screen Wake Lock API this uses (not in every browser, nor in TypeScript's DOM types everywhere). */
interface WakeLockSentinelLike {
  release(): Promise<void>;
  addEventListener(type: 'release', listener: () => void): void;
}
interface WakeLockApi {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

/**
 * Keeps the screen on while the pilot flies or records: a phone that dims mid-flight hides the
 * video and, once it sleeps, drops the link. The browser releases the lock when the page is
 * hidden, so it is taken again when the page comes back. Where the API is missing (older iOS)
 * it does nothing.
 */
export class WakeLock {
  #wanted = false;
  #sentinel: WakeLockSentinelLike | null = null;
  readonly #api: WakeLockApi | null;
  readonly #document: Document;
  readonly #onVisible = (): void => {
    if (this.#document.visibilityState === 'visible') void this.#take();
  };

  /** `api` null: this browser has none. */
  constructor(api: WakeLockApi | null = (navigator as Navigator & { wakeLock?: WakeLockApi }).wakeLock ?? null, doc: Document = document) {
    this.#api = api;
    this.#document = doc;
    doc.addEventListener('visibilitychange', this.#onVisible);
  }

  get supported(): boolean {
    return this.#api !== null;
  }

  /** Whether the screen is held on now. */
  get held(): boolean {
    return this.#sentinel !== null;
  }

  want(on: boolean): void {
    if (on === this.#wanted) return;
    this.#wanted = on;
    if (on) void this.#take();
    else void this.#drop();
  }

  close(): void {
    this.#document.removeEventListener('visibilitychange', this.#onVisible);
    this.want(false);
  }

  async #take(): Promise<void> {
    if (!this.#api || !this.#wanted || this.#sentinel || this.#document.visibilityState !== 'visible') return;
    try {
      const sentinel = await this.#api.request('screen');
      sentinel.addEventListener('release', () => {
        if (this.#sentinel === sentinel) this.#sentinel = null;
      });
      this.#sentinel = sentinel;
      if (!this.#wanted) await this.#drop();
    } catch {
      // Refused (battery saver, no user gesture yet): the screen may dim, nothing else changes.
    }
  }

  async #drop(): Promise<void> {
    const sentinel = this.#sentinel;
    this.#sentinel = null;
    await sentinel?.release().catch(() => undefined);
  }
}
