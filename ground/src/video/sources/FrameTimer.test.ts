import { describe, expect, it } from 'vitest';
import type { Timers } from '../../time/Timers.ts';
import { SimulatedTimers } from '../../time/testing/SimulatedTimers.ts';
import { FrameTimer } from './FrameTimer.ts';

/** Slot times from `from` to `to` ms, `step` apart. */
const slots = (from: number, to: number, step: number): number[] => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** A FrameTimer on simulated time, recording each tick's slot time and when it fired. */
function recordedTimer(timers: Timers, onTick: (tickNumber: number) => void = () => undefined) {
  const elapsed: number[] = [];
  const firedAt: number[] = [];
  const timer = new FrameTimer((ms) => {
    elapsed.push(ms);
    firedAt.push(timers.now());
    onTick(elapsed.length);
  }, timers);
  return { timer, elapsed, firedAt };
}

describe('FrameTimer', () => {
  it('ticks at the rate asked for, on each slot, even when every tick takes time', () => {
    const timers = new SimulatedTimers();
    // 7 ms of work per 20 ms frame: a timer re-armed after each tick would drift to one every 27 ms.
    const { timer, elapsed, firedAt } = recordedTimer(timers, () => timers.advance(7));
    timer.start(50);
    timers.advance(1000);
    timer.stop();
    expect(elapsed).toEqual(slots(0, 1000, 20));
    // The first tick is due at once (a timer waits at least 1 ms); the others exactly on their slot.
    expect(firedAt).toEqual([1, ...slots(20, 1000, 20)]);
  });

  it('ticks on a timer that wakes slightly early at once, not a frame late', () => {
    const timers = new SimulatedTimers();
    const early: Timers = { now: timers.now, setTimeout: (callback, ms) => timers.setTimeout(callback, ms - 0.5) };
    const { timer, elapsed, firedAt } = recordedTimer(early);
    timer.start(50);
    timers.advance(200);
    timer.stop();
    expect(elapsed).toEqual(slots(0, 200, 20));
    expect(firedAt).toEqual([1, ...slots(19.5, 199.5, 20)]);
  });

  it('skips the frames it missed while the event loop was blocked instead of bursting', () => {
    const timers = new SimulatedTimers();
    // The third tick (slot 2, at 40 ms) blocks until 250 ms, the middle of slot 12: slots 3..11 are missed.
    const { timer, elapsed, firedAt } = recordedTimer(timers, (n) => n === 3 && timers.advance(210));
    timer.start(50);
    timers.advance(600);
    timer.stop();
    expect(elapsed).toEqual([0, 20, 40, ...slots(240, 600, 20)]);
    // One catch-up tick as soon as the loop is free, then the regular slots: not the nine missed ones back to back.
    expect(firedAt.filter((t) => t >= 250 && t < 260)).toEqual([251]);
    expect(firedAt.slice(4)).toEqual(slots(260, 600, 20));
  });

  it('changes rate from the next tick on', () => {
    const timers = new SimulatedTimers();
    const { timer, elapsed } = recordedTimer(timers, (n) => n === 3 && timer.setFps(5));
    timer.start(20);
    timers.advance(650);
    timer.stop();
    expect(elapsed).toEqual([0, 50, 100, 300, 500]);
  });

  it('stops for good, even when stopped from inside a tick', () => {
    const timers = new SimulatedTimers();
    const { timer, elapsed } = recordedTimer(timers, (n) => n === 2 && timer.stop());
    timer.start(100);
    timers.advance(200);
    expect(elapsed).toEqual([0, 10]);
    expect(timer.isRunning).toBe(false);
    expect(timers.pendingCount).toBe(0);
    timers.advance(1000);
    expect(elapsed).toEqual([0, 10]);
  });
});
