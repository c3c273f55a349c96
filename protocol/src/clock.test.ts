import { describe, expect, it } from 'vitest';
import { ClockOffset, clockSample, sampleClock } from './clock.ts';

describe('clock offset', () => {
  it('computes the offset from the midpoint of the round trip', () => {
    // Server is 1000 ms ahead; 20 ms each way.
    const sample = clockSample(0, { clientTime: 0, serverTime: 1020 }, 40);
    expect(sample).toEqual({ offsetMs: 1000, rttMs: 40 });
  });

  it('trusts the sample with the shortest round trip', () => {
    const offset = new ClockOffset(4);
    offset.add({ offsetMs: 50, rttMs: 100 });
    offset.add({ offsetMs: 3, rttMs: 2 });
    offset.add({ offsetMs: 20, rttMs: 30 });
    expect(offset.serverNow(1000)).toBe(1003);
  });

  it('forgets samples outside its window', () => {
    const offset = new ClockOffset(2);
    offset.add({ offsetMs: 1, rttMs: 1 });
    offset.add({ offsetMs: 9, rttMs: 9 });
    offset.add({ offsetMs: 8, rttMs: 8 });
    expect(offset.best?.offsetMs).toBe(8);
  });

  it('skips failed samples', async () => {
    const offset = new ClockOffset();
    let t = 0;
    let calls = 0;
    await sampleClock(
      async (clientTime) => {
        if (calls++ === 0) throw new Error('lost');
        return { clientTime, serverTime: clientTime + 505 };
      },
      offset,
      3,
      () => (t += 5),
    );
    expect(calls).toBe(3);
    expect(offset.best?.offsetMs).toBe(502.5);
  });
});
