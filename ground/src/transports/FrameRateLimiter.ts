/**
 * Caps how often frames go out, for every JPEG transport (websocket and MQTT): at most maxFps a
 * second from a faster source, spread evenly. Time is passed in (the publisher's clock), so tests
 * drive it with simulated time.
 *
 * Each admitted frame moves the next due time on by one interval, with up to half an interval of
 * credit for a frame that came late: jitter in the source then costs no frames (a 30 fps source
 * capped at 30 keeps 30), a 25 fps source capped at 15 passes 15, not every other frame; and no
 * more credit than that, so a pause in the source is not followed by a burst.
 */
export class FrameRateLimiter {
  private fps: number;
  private dueAtMs = Number.NEGATIVE_INFINITY;

  constructor(maxFps: number) {
    FrameRateLimiter.check(maxFps);
    this.fps = maxFps;
  }

  /** Throws RangeError for a rate outside (0, 120]: twice the fastest video source, so a cap that never bites fits too. */
  static check(maxFps: number): void {
    if (!(maxFps > 0 && maxFps <= 120)) throw new RangeError(`max frame rate must be above 0 and at most 120 fps, not ${maxFps}`);
  }

  get maxFps(): number {
    return this.fps;
  }

  setMaxFps(maxFps: number): void {
    FrameRateLimiter.check(maxFps);
    this.fps = maxFps;
    // Takes effect from the next frame rather than after the old, possibly long, interval.
    this.dueAtMs = Number.NEGATIVE_INFINITY;
  }

  /** True if a frame arriving at nowMs may be sent. */
  admit(nowMs: number): boolean {
    if (nowMs < this.dueAtMs) return false;
    const intervalMs = 1000 / this.fps;
    this.dueAtMs = Math.max(this.dueAtMs, nowMs - intervalMs / 2) + intervalMs;
    return true;
  }
}
