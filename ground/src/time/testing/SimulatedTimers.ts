import type { Timer, Timers } from '../Timers.ts';

interface Pending {
  at: number;
  /** Timers due at the same time fire in the order they were set, as Node's do. */
  order: number;
  callback: () => void;
}

/**
 * Timers on a simulated clock: time moves only when the test calls advance(), so a test can
 * assert exact counts and times however slow or loaded the machine is.
 *
 * A callback that calls advance() itself stands for one that blocks the event loop that long
 * (a long GC, a slow handler): nothing fires meanwhile, and the timers that fell due fire once
 * it returns, late and in order, as they would in Node.
 */
export class SimulatedTimers implements Timers {
  private time = 0;
  private order = 0;
  private pending: Pending[] = [];
  private firing = false;

  /** An arrow, so `timers.now` can be handed on as a `() => number` clock. */
  readonly now = (): number => this.time;

  setTimeout(callback: () => void, delayMs: number): Timer {
    // Node waits at least 1 ms, so a timer set from a callback never fires within that callback's turn.
    const entry: Pending = { at: this.time + Math.max(1, delayMs), order: this.order++, callback };
    this.pending.push(entry);
    return { cancel: () => void (this.pending = this.pending.filter((p) => p !== entry)) };
  }

  /** Timers set and not yet fired or cancelled. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Moves the clock on by `ms`, firing each timer that falls due at its due time (or later, after a block). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms} ms`);
    const end = this.time + ms;
    if (this.firing) {
      // Called from a callback: the event loop is blocked until `end`.
      this.time = end;
      return;
    }
    this.firing = true;
    try {
      // Timers that fell due during a block that outlasted `end` are overdue: they fire too.
      for (let next = this.nextDue(end); next; next = this.nextDue(Math.max(end, this.time))) {
        this.pending.splice(this.pending.indexOf(next), 1);
        this.time = Math.max(this.time, next.at);
        next.callback();
      }
      this.time = Math.max(this.time, end);
    } finally {
      this.firing = false;
    }
  }

  private nextDue(end: number): Pending | undefined {
    let next: Pending | undefined;
    for (const p of this.pending) if (p.at <= end && (!next || p.at < next.at || (p.at === next.at && p.order < next.order))) next = p;
    return next;
  }
}
