/** A callback scheduled with Timers.setTimeout. */
export interface Timer {
  cancel(): void;
}

/**
 * The clock and the timeouts that code paced in time (a frame clock, say) runs on. Production
 * uses the system's; tests pass SimulatedTimers so that results do not depend on how fast or how
 * loaded the machine is.
 */
export interface Timers {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): Timer;
}

export const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => {
    const timeout = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(timeout) };
  },
};
