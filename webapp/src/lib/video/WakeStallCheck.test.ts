import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VideoState } from './DroneVideoTypes.ts';
import { WakeStallCheck } from './WakeStallCheck.ts';

let frames: number;
let state: VideoState;
let restarts: number;
let check: WakeStallCheck;

beforeEach(() => {
  vi.useFakeTimers();
  frames = 100;
  state = 'playing';
  restarts = 0;
  check = new WakeStallCheck({ framesPresented: () => frames, state: () => state, restart: () => restarts++ }, 2_000);
});

afterEach(() => {
  check.close();
  vi.useRealTimers();
});

describe('WakeStallCheck', () => {
  it('restarts a video that says it plays but shows no new frame after waking', () => {
    check.wake();
    vi.advanceTimersByTime(1_999);
    expect(restarts).toBe(0);
    vi.advanceTimersByTime(1);
    expect(restarts).toBe(1);
  });

  it('leaves a video alone that shows frames again', () => {
    check.wake();
    frames += 30;
    vi.advanceTimersByTime(2_000);
    expect(restarts).toBe(0);
  });

  it('restarts a failed video at once instead of after its retry delay', () => {
    state = 'failed';
    check.wake();
    expect(restarts).toBe(1);
  });

  it('lets a video that is still connecting finish (the session reconnect rebuilds it)', () => {
    state = 'connecting';
    check.wake();
    vi.advanceTimersByTime(5_000);
    expect(restarts).toBe(0);
  });

  it('checks once for the several events of one wake', () => {
    check.wake();
    check.wake();
    check.wake();
    vi.advanceTimersByTime(2_000);
    expect(restarts).toBe(1);
  });

  it('does nothing after close', () => {
    check.wake();
    check.close();
    vi.advanceTimersByTime(5_000);
    expect(restarts).toBe(0);
  });
});
