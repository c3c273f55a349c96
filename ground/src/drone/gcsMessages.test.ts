import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { velocityTarget, velocityWithYawMask, velocityWithYawRateMask, type VelocitySetpoint } from './gcsMessages.ts';
import { MavlinkDecoder } from './mavlink/MavlinkDecoder.ts';
import { MavlinkEncoder } from './mavlink/MavlinkEncoder.ts';

const Mask = common.PositionTargetTypemask;
const target = { system: 1, component: 1 };
/** Forward 2.5 m/s, right 1 m/s, climbing 0.5 m/s, turning 30°/s clockwise: a stick. */
const stick: VelocitySetpoint = { frame: common.MavFrame.BODY_NED, vx: 2.5, vy: 1, vz: -0.5, yawDeg: 0, yawRateDps: 30 };

/** The message as the vehicle reads it: encoded to MAVLink 2 bytes and decoded again. */
function overTheWire(message: common.SetPositionTargetLocalNed): Promise<common.SetPositionTargetLocalNed> {
  const decoder = new MavlinkDecoder();
  const received = new Promise<common.SetPositionTargetLocalNed>((resolve) => decoder.on('message', (m) => resolve(m.data as common.SetPositionTargetLocalNed)));
  decoder.push(new MavlinkEncoder(255, 190).encode(message));
  return received.finally(() => decoder.close());
}

describe('velocityTarget: SET_POSITION_TARGET_LOCAL_NED', () => {
  it('carries a stick as body-frame velocity and a yaw rate in rad/s, the absolute yaw ignored', async () => {
    const m = await overTheWire(velocityTarget(target, stick));
    expect(m.coordinateFrame).toBe(common.MavFrame.BODY_NED);
    expect(m.typeMask).toBe(velocityWithYawRateMask);
    // Position, acceleration and yaw ignored; velocity and yaw rate used.
    for (const ignored of [Mask.X_IGNORE, Mask.Y_IGNORE, Mask.Z_IGNORE, Mask.AX_IGNORE, Mask.AY_IGNORE, Mask.AZ_IGNORE, Mask.YAW_IGNORE]) expect(m.typeMask & ignored).toBe(ignored);
    for (const used of [Mask.VX_IGNORE, Mask.VY_IGNORE, Mask.VZ_IGNORE, Mask.YAW_RATE_IGNORE]) expect(m.typeMask & used).toBe(0);
    expect([m.vx, m.vy]).toEqual([2.5, 1]);
    // NED: climbing is negative down.
    expect(m.vz).toBe(-0.5);
    expect(m.yawRate).toBeCloseTo(Math.PI / 6, 6);
  });

  it('a turn counter-clockwise is a negative rate; a rate of 0 still goes out (hold the heading the vehicle has)', () => {
    expect(velocityTarget(target, { ...stick, yawRateDps: -60 }).yawRate).toBeCloseTo(-Math.PI / 3, 9);
    const hold = velocityTarget(target, { ...stick, vx: 0, vy: 0, vz: 0, yawRateDps: 0 });
    expect(hold.typeMask).toBe(velocityWithYawRateMask);
    expect(hold.yawRate).toBe(0);
  });

  it('without a yaw rate holds an absolute heading in radians, the yaw rate ignored (the pad)', () => {
    const m = velocityTarget(target, { frame: common.MavFrame.LOCAL_NED, vx: 1, vy: 0, vz: 0, yawDeg: 90 });
    expect(m.coordinateFrame).toBe(common.MavFrame.LOCAL_NED);
    expect(m.typeMask).toBe(velocityWithYawMask);
    expect(m.typeMask & Mask.YAW_IGNORE).toBe(0);
    expect(m.typeMask & Mask.YAW_RATE_IGNORE).toBe(Mask.YAW_RATE_IGNORE);
    expect(m.yaw).toBeCloseTo(Math.PI / 2, 9);
  });
});
