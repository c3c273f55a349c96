import { systemTimers, type Timer, type Timers } from '../../time/Timers.ts';

/** setTimeout has 1 ms resolution and can wake slightly before the time asked for. */
const earlyToleranceMs = 1;

/**
 * Calls `tick` at a fixed rate. Each call is due at origin + n * interval, so timer jitter
 * never accumulates. When the event loop was late by more than a frame the missed slots are
 * skipped (one call, not a burst), as a real camera drops frames rather than queueing them.
 */
export class FrameTimer {
  private timeout: Timer | undefined;
  private running = false;
  private startedAt = 0;
  /** Time of slot 0 at the current rate, in ms since start (kept relative: exact slot times). */
  private origin = 0;
  private intervalMs = 0;
  private nextSlot = 0;

  /** `tick` gets the slot's time since start(), in ms: the ideal time, free of timer jitter. */
  constructor(
    private readonly tick: (elapsedMs: number) => void,
    private readonly timers: Timers = systemTimers,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** The first tick is due at once. */
  start(fps: number): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.timers.now();
    this.origin = 0;
    this.intervalMs = 1000 / fps;
    this.nextSlot = 0;
    this.schedule();
  }

  /** The next tick comes one new interval after the last one. */
  setFps(fps: number): void {
    const intervalMs = 1000 / fps;
    if (this.running && this.nextSlot > 0) {
      this.origin += (this.nextSlot - 1) * this.intervalMs;
      this.nextSlot = 1;
    }
    this.intervalMs = intervalMs;
    if (this.running) this.schedule();
  }

  stop(): void {
    this.running = false;
    this.timeout?.cancel();
    this.timeout = undefined;
  }

  private schedule(): void {
    this.timeout?.cancel();
    const due = this.startedAt + this.origin + this.nextSlot * this.intervalMs;
    this.timeout = this.timers.setTimeout(this.fire, Math.max(0, due - this.timers.now()));
  }

  private readonly fire = (): void => {
    this.timeout = undefined;
    const slot = Math.floor((this.timers.now() - this.startedAt - this.origin + earlyToleranceMs) / this.intervalMs);
    try {
      if (slot >= this.nextSlot) {
        this.nextSlot = slot + 1;
        this.tick(this.origin + slot * this.intervalMs);
      }
    } finally {
      // tick may have stopped us, or changed the rate (which already rescheduled).
      if (this.running && this.timeout === undefined) this.schedule();
    }
  };
}
