/**
 * Lets through at most maxFps frames a second from a faster source, spread evenly: a 20 fps
 * source capped at 15 passes about 3 frames of 4, not 1 of 2.
 */
export class FrameRateCap {
  private dueAt = -Infinity;

  constructor(private fps: number) {
    FrameRateCap.check(fps);
  }

  static check(fps: number): void {
    if (!(fps > 0 && fps <= 120)) throw new RangeError(`the JPEG frame rate cap must be above 0 and at most 120, not ${fps}`);
  }

  get maxFps(): number {
    return this.fps;
  }

  setMaxFps(fps: number): void {
    FrameRateCap.check(fps);
    this.fps = fps;
    this.dueAt = -Infinity;
  }

  /** True when a frame arriving at `nowMs` may be sent. */
  admit(nowMs: number): boolean {
    if (nowMs < this.dueAt) return false;
    const interval = 1000 / this.fps;
    // Half an interval of credit absorbs a late frame; no more, so a pause in the source is not
    // followed by a burst.
    this.dueAt = Math.max(this.dueAt, nowMs - interval / 2) + interval;
    return true;
  }
}
