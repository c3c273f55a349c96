import { describe, expect, it } from 'vitest';
import { RtpFrameRate } from './RtpFrameRate.ts';

describe('RtpFrameRate', () => {
  it('reads 30, 60 and 25 fps from timestamps, and nothing from a single picture', () => {
    for (const fps of [30, 60, 25]) {
      const rate = new RtpFrameRate();
      rate.push(0);
      expect(rate.fps).toBeUndefined();
      for (let i = 1; i <= 10; i++) rate.push((i * 90_000) / fps);
      expect(rate.fps).toBe(fps);
    }
  });

  it('is not moved by a dropped frame, a late one, a pause, or the interval across a loss', () => {
    const rate = new RtpFrameRate();
    let t = 0;
    const steps = [3000, 3000, 6000, 3000, 2900, 3100, 3000, 900_000, 3000, 3000];
    rate.push(t);
    for (const step of steps) rate.push((t += step));
    rate.push((t += 450_000), false);
    expect(rate.fps).toBe(30);
  });
});
