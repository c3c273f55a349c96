const clockRate = 90_000;
const half = 2 ** 31;
/** A jump forward beyond this is a camera that restarted (a new random timestamp base), not elapsed time. */
const maxJumpTicks = 10 * clockRate;

/**
 * Turns a camera's 32-bit RTP timestamps (90 kHz, random start, wrapping every 13 hours) into
 * ticks since the first one, counting across the wrap. A restarted camera (timestamps going
 * backwards, or jumping ahead by more than 10 s) continues one frame after the last picture,
 * so a recording never gets a hole of hours or a time running backwards.
 */
export class RtpTimeline {
  private last: { rtp: number; ticks: number } | undefined;
  private frameTicks = 3000;

  /** Ticks (90 kHz) since the first timestamp given. */
  ticksOf(rtpTimestamp: number): number {
    const last = this.last;
    if (!last) {
      this.last = { rtp: rtpTimestamp, ticks: 0 };
      return 0;
    }
    const forward = (rtpTimestamp - last.rtp) >>> 0;
    let ticks: number;
    if (forward === 0) ticks = last.ticks;
    else if (forward < half && forward <= maxJumpTicks) {
      ticks = last.ticks + forward;
      this.frameTicks = Math.min(forward, clockRate);
    } else ticks = last.ticks + this.frameTicks;
    this.last = { rtp: rtpTimestamp, ticks };
    return ticks;
  }
}
