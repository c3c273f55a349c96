import { describe, expect, it } from 'vitest';
import { FrameTimer } from './FrameTimer.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function busyWaitUntil(end: number): void {
  while (performance.now() < end) {
    /* block the event loop, as a long GC or a slow handler would */
  }
}

describe('FrameTimer', () => {
  it('ticks at the rate asked for, each tick carrying its ideal slot time', async () => {
    const elapsed: number[] = [];
    const timer = new FrameTimer((ms) => elapsed.push(ms));
    timer.start(50);
    await sleep(1000);
    timer.stop();
    expect(elapsed.length).toBeGreaterThanOrEqual(40);
    expect(elapsed.length).toBeLessThanOrEqual(52);
    expect(elapsed[0]).toBe(0);
    // Slot times are exact multiples of the interval: timer jitter never accumulates.
    for (const ms of elapsed) expect(ms / 20).toBeCloseTo(Math.round(ms / 20), 9);
  });

  it('skips the frames it missed while the event loop was blocked instead of bursting', async () => {
    const elapsed: number[] = [];
    const wallTimes: number[] = [];
    const startedAt = performance.now();
    const timer = new FrameTimer((ms) => {
      elapsed.push(ms);
      wallTimes.push(performance.now());
      // Blocked until the middle of slot 12: slots 3..11 are missed.
      if (elapsed.length === 3) busyWaitUntil(startedAt + 250);
    });
    timer.start(50);
    await sleep(600);
    timer.stop();
    const gaps = elapsed.slice(1).map((ms, i) => ms - (elapsed[i] ?? 0));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(180);
    // One catch-up tick, then the regular slots: not the ten missed ones back to back.
    const blockEnd = startedAt + 250;
    expect(wallTimes.filter((t) => t >= blockEnd && t < blockEnd + 15).length).toBeLessThanOrEqual(2);
    expect(elapsed.length).toBeLessThan(25);
  });

  it('changes rate from the next tick on', async () => {
    const elapsed: number[] = [];
    const timer = new FrameTimer((ms) => {
      elapsed.push(ms);
      if (elapsed.length === 3) timer.setFps(5);
    });
    timer.start(20);
    await sleep(650);
    timer.stop();
    expect(elapsed).toEqual([0, 50, 100, 300, 500]);
  });

  it('stops for good, even when stopped from inside a tick', async () => {
    let ticks = 0;
    const timer = new FrameTimer(() => {
      if (++ticks === 2) timer.stop();
    });
    timer.start(100);
    await sleep(200);
    expect(ticks).toBe(2);
    expect(timer.isRunning).toBe(false);
  });
});
