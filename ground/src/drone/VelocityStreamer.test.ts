import { common } from 'node-mavlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VelocitySetpoint } from './gcsMessages.ts';
import { VelocityStreamer } from './VelocityStreamer.ts';

const west: VelocitySetpoint = { frame: common.MavFrame.LOCAL_NED, vx: 0, vy: -1, vz: 0, yawDeg: 270 };
const up: VelocitySetpoint = { frame: common.MavFrame.LOCAL_NED, vx: 0, vy: 0, vz: -0.5, yawDeg: 270 };
const halted: VelocitySetpoint = { frame: common.MavFrame.LOCAL_NED, vx: 0, vy: 0, vz: 0, yawDeg: 90 };

// Simulated time: the resends are counted exactly, however loaded the machine.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function streamer(): { streamer: VelocityStreamer; sent: VelocitySetpoint[] } {
  const sent: VelocitySetpoint[] = [];
  return { streamer: new VelocityStreamer({ send: (setpoint) => sent.push(setpoint), resendMs: 1000 }), sent };
}

describe('VelocityStreamer', () => {
  it('sends the setpoint at once, then again every resendMs while moving', () => {
    const { streamer: s, sent } = streamer();
    s.start(west);
    expect(sent).toEqual([west]);
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(3000);
    expect(sent).toEqual([west, west, west, west, west]);
    expect(s.active).toBe(west);
  });

  it('a new setpoint goes out at once and restarts the period', () => {
    const { streamer: s, sent } = streamer();
    s.start(west);
    vi.advanceTimersByTime(600);
    s.start(up);
    vi.advanceTimersByTime(999);
    expect(sent).toEqual([west, up]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([west, up, up]);
  });

  it('stop() sends zero velocity once and nothing after; halt() ends the stream without a word', () => {
    const { streamer: s, sent } = streamer();
    s.start(west);
    vi.advanceTimersByTime(1000);
    s.stop(90);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([west, west, halted]);
    expect(s.active).toBeUndefined();

    s.start(up);
    s.halt();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([west, west, halted, up]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stop('current') holds the heading the vehicle has: a zero yaw rate, not a heading read earlier", () => {
    const { streamer: s, sent } = streamer();
    s.start({ frame: common.MavFrame.BODY_NED, vx: 1, vy: 0, vz: 0, yawDeg: 0, yawRateDps: 60 });
    s.stop('current');
    expect(sent[1]).toEqual({ frame: common.MavFrame.LOCAL_NED, vx: 0, vy: 0, vz: 0, yawDeg: 0, yawRateDps: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
