const clockRate = 90_000;

/**
 * A camera's frame rate, from the RTP timestamps of its pictures: the median interval of the
 * last `window` ones (a dropped frame or a late one does not move it), in whole frames per second.
 */
export class RtpFrameRate {
  private readonly intervals: number[] = [];
  private last: number | undefined;

  constructor(private readonly window = 31) {}

  /** Notes a picture's timestamp; `continuous` false after a loss, when the interval means nothing. */
  push(rtpTimestamp: number, continuous = true): void {
    const last = this.last;
    this.last = rtpTimestamp;
    if (last === undefined || !continuous) return;
    const ticks = (rtpTimestamp - last) >>> 0;
    // Zero is a second access unit of one picture; over a second is a pause, not a frame rate.
    if (ticks === 0 || ticks > clockRate) return;
    this.intervals.push(ticks);
    if (this.intervals.length > this.window) this.intervals.shift();
  }

  /** Frames per second, or undefined before two pictures came. */
  get fps(): number | undefined {
    if (this.intervals.length === 0) return undefined;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    return Math.max(1, Math.round(clockRate / median));
  }
}
