import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter.ts';

describe('RateLimiter', () => {
  it('allows a burst, then the sustained rate', () => {
    let t = 0;
    const limiter = new RateLimiter(10, 5, () => t);
    expect(Array.from({ length: 7 }, () => limiter.take())).toEqual([true, true, true, true, true, false, false]);
    t += 100; // 0.1 s at 10/s: one more
    expect([limiter.take(), limiter.take()]).toEqual([true, false]);
    t += 10_000;
    expect(Array.from({ length: 6 }, () => limiter.take()).filter(Boolean)).toHaveLength(5);
  });

  it('says whether a take would succeed without taking', () => {
    let t = 0;
    const limiter = new RateLimiter(10, 1, () => t);
    expect([limiter.available(), limiter.available(), limiter.take(), limiter.available()]).toEqual([true, true, true, false]);
    t += 100;
    expect([limiter.available(), limiter.take(), limiter.take()]).toEqual([true, true, false]);
  });
});
