import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockSync, localEpochNow } from './ClockSync.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('ClockSync', () => {
  it('runs local time until the first sample', () => {
    const clock = new ClockSync(() => new Promise(() => {}));
    const before = localEpochNow();
    expect(clock.serverNow()).toBeGreaterThanOrEqual(before);
    expect(clock.estimate).toBeNull();
  });

  it('takes a burst of samples on start and follows the server clock', async () => {
    const serverAhead = 60_000;
    const sync = vi.fn(async (clientTime: number) => ({ clientTime, serverTime: localEpochNow() + serverAhead }));
    const clock = new ClockSync(sync, 5_000, 5);
    clock.start();
    await vi.waitFor(() => expect(sync).toHaveBeenCalledTimes(5));
    clock.stop();
    expect(clock.serverNow() - localEpochNow()).toBeCloseTo(serverAhead, -1);
    expect(clock.estimate?.rttMs).toBeGreaterThanOrEqual(0);
  });

  it('samples again every interval and stops when told', async () => {
    vi.useFakeTimers();
    const sync = vi.fn(async (clientTime: number) => ({ clientTime, serverTime: clientTime }));
    const clock = new ClockSync(sync, 5_000, 1);
    clock.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sync).toHaveBeenCalledTimes(3);
    clock.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sync).toHaveBeenCalledTimes(3);
  });

  it('ignores failed samples', async () => {
    const clock = new ClockSync(() => Promise.reject(new Error('timeout')), 5_000, 3);
    clock.start();
    await new Promise((r) => setTimeout(r, 10));
    clock.stop();
    expect(clock.estimate).toBeNull();
  });
});
