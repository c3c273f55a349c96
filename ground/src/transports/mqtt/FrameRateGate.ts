/**
 * Caps how often frames go out. Each admitted frame moves the next due time on by one interval,
 * so the long-run rate never exceeds the cap; a frame may come a little early (a quarter of an
 * interval) so that, say, a 30 fps source capped at 15 fps is not pushed down to 10 fps by jitter.
 */
export class FrameRateGate {
  private intervalMs: number;
  private nextDueMs = Number.NEGATIVE_INFINITY;

  constructor(maxFps: number) {
    FrameRateGate.check(maxFps);
    this.intervalMs = 1000 / maxFps;
  }

  static check(maxFps: number): void {
    if (!Number.isFinite(maxFps) || maxFps <= 0 || maxFps > 60) throw new RangeError(`max frame rate must be above 0 and at most 60 fps, not ${maxFps}`);
  }

  get maxFps(): number {
    return 1000 / this.intervalMs;
  }

  setMaxFps(maxFps: number): void {
    FrameRateGate.check(maxFps);
    this.intervalMs = 1000 / maxFps;
    // Takes effect from the next frame rather than after the old, possibly long, interval.
    this.nextDueMs = Number.NEGATIVE_INFINITY;
  }

  /** True if a frame arriving at nowMs may be sent. */
  admit(nowMs: number): boolean {
    if (nowMs < this.nextDueMs - this.intervalMs / 4) return false;
    // An early frame takes its due slot; a late one starts afresh rather than bursting to catch up.
    this.nextDueMs = Math.max(this.nextDueMs, nowMs) + this.intervalMs;
    return true;
  }
}
