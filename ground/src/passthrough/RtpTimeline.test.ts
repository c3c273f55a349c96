import { describe, expect, it } from 'vitest';
import { RtpTimeline } from './RtpTimeline.ts';

describe('RtpTimeline', () => {
  it('counts 90 kHz ticks from the first timestamp, across the 32-bit wrap', () => {
    const timeline = new RtpTimeline();
    const start = 2 ** 32 - 4500;
    expect([0, 3000, 6000, 9000].map((t) => timeline.ticksOf((start + t) >>> 0))).toEqual([0, 3000, 6000, 9000]);
  });

  it('keeps a real pause (lost pictures) as it was', () => {
    const timeline = new RtpTimeline();
    expect([1000, 4000, 4000 + 5 * 90_000].map((t) => timeline.ticksOf(t))).toEqual([0, 3000, 3000 + 5 * 90_000]);
  });

  it('continues one frame on when the camera restarts (timestamps backwards, or ahead by hours)', () => {
    const timeline = new RtpTimeline();
    timeline.ticksOf(1_000_000);
    timeline.ticksOf(1_001_500);
    expect(timeline.ticksOf(5)).toBe(3000);
    expect(timeline.ticksOf(1505)).toBe(4500);
    expect(timeline.ticksOf(1505 + 3600 * 90_000)).toBe(6000);
  });
});
