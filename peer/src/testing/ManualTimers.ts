import type { RecoveryTimers, ScheduledTimer } from '../transport/IceRecovery.ts';

/**
 * Timers on a clock that moves only when a test calls advance(), so a test can say exactly when
 * something happens however slow the machine is.
 */
export class ManualTimers implements RecoveryTimers {
  #now = 0;
  #pending: { at: number; callback: () => void }[] = [];

  get now(): number {
    return this.#now;
  }

  /** Timers set and neither fired nor cancelled. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  setTimeout(callback: () => void, delayMs: number): ScheduledTimer {
    const entry = { at: this.#now + delayMs, callback };
    this.#pending.push(entry);
    return { cancel: () => void (this.#pending = this.#pending.filter((p) => p !== entry)) };
  }

  /** Moves the clock on by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const next = this.#pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#now = next.at;
      next.callback();
    }
    this.#now = end;
  }
}
