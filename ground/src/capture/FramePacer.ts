/**
 * Turns frames that arrive at irregular times into a constant-rate timeline: for each arriving
 * frame, how many times to write it so the recording's length matches the time that passed.
 * A late source gets its last frame repeated; a source running fast gets frames dropped.
 */
export class FramePacer {
  private startMs: number | undefined;
  private written = 0;

  constructor(
    readonly fps: number,
    /** A gap longer than this (a stalled source) is not filled frame by frame beyond it. */
    private readonly maxRepeat = fps * 2,
  ) {
    if (!(fps > 0)) throw new RangeError(`fps must be positive, not ${fps}`);
  }

  /** How many copies of the frame that arrived at `arrivalMs` to write now (0 = drop it). */
  copiesFor(arrivalMs: number): number {
    this.startMs ??= arrivalMs;
    // Frames due by now, counting this one: frame n is due at start + n / fps. Rounding lets a
    // frame arrive up to half a period early or late without a drop followed by a repeat.
    const due = Math.round(((arrivalMs - this.startMs) * this.fps) / 1000) + 1;
    let copies = Math.max(0, due - this.written);
    if (copies > this.maxRepeat) {
      // Skip the rest of the gap rather than write seconds of one still picture at once.
      copies = this.maxRepeat;
      this.written = due - copies;
    }
    this.written += copies;
    return copies;
  }

  get framesWritten(): number {
    return this.written;
  }
}
