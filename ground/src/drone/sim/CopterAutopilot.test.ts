import { ardupilotmega, common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { northEastOf, offsetLatLon } from '../geo.ts';
import { CopterAutopilot, type CopterAutopilotOptions } from './CopterAutopilot.ts';
import { applyGlobalTarget, applyLocalTarget } from './positionTargets.ts';

const { MavResult } = common;
const Mode = ardupilotmega.CopterMode;
const dt = 0.02;
const Mask = common.PositionTargetTypemask;
const ignoreAllBut = (...used: number[]): number => 0b1111_1111_1111 & ~used.reduce((a, b) => a | b, 0) & ~Mask.FORCE_SET;
const velocityOnly = ignoreAllBut(Mask.VX_IGNORE, Mask.VY_IGNORE, Mask.VZ_IGNORE);

function copter(options: CopterAutopilotOptions = {}): { ap: CopterAutopilot; texts: string[] } {
  const texts: string[] = [];
  const ap = new CopterAutopilot({ ...options, params: { gpsFixDelayS: 0, ...options.params }, onStatusText: (_s, t) => texts.push(t) });
  return { ap, texts };
}

function run(ap: CopterAutopilot, seconds: number, each?: () => void): void {
  for (let i = 0; i < Math.round(seconds / dt); i++) {
    ap.step(dt);
    each?.();
  }
}

/** Armed, in GUIDED, hovering at `alt` metres. */
function flying(alt = 10, options: CopterAutopilotOptions = {}): { ap: CopterAutopilot; texts: string[] } {
  const c = copter(options);
  run(c.ap, dt);
  expect(c.ap.setMode(Mode.GUIDED)).toBe(MavResult.ACCEPTED);
  expect(c.ap.arm()).toBe(MavResult.ACCEPTED);
  expect(c.ap.takeoff(alt)).toBe(MavResult.ACCEPTED);
  run(c.ap, alt / 2.5 + 3);
  return c;
}

function velocityTarget(frame: common.MavFrame, vx: number, vy: number, vz = 0): common.SetPositionTargetLocalNed {
  const m = new common.SetPositionTargetLocalNed();
  m.targetSystem = 1;
  m.coordinateFrame = frame;
  m.typeMask = velocityOnly;
  Object.assign(m, { vx, vy, vz });
  return m;
}

describe('CopterAutopilot (ArduCopter as a ground station sees it)', () => {
  it('boots disarmed in STABILIZE, on the ground at the Castelldefels drone field', () => {
    const { ap } = copter({ params: { gpsFixDelayS: 3 } });
    expect(ap.truth()).toMatchObject({ mode: 'STABILIZE', armed: false, landed: true, gpsFix: false, altRel: 0, lat: 41.2757, lon: 1.9881 });
  });

  it('refuses to arm until the GPS has a 3D fix, saying why as ArduCopter does', () => {
    const { ap, texts } = copter({ params: { gpsFixDelayS: 3 } });
    run(ap, 1);
    expect(ap.arm()).toBe(MavResult.FAILED);
    expect(texts).toContain('PreArm: Need 3D Fix');
    expect(ap.setMode(Mode.GUIDED)).toBe(MavResult.FAILED);
    expect(texts).toContain('Mode change failed: GUIDED requires position');
    run(ap, 2.1);
    expect(texts).toContain('EKF3 IMU0 is using GPS');
    expect(ap.arm()).toBe(MavResult.ACCEPTED);
    expect(ap.armed).toBe(true);
  });

  it('refuses to arm in modes that cannot arm, unless forced with 21196', () => {
    const { ap, texts } = copter();
    run(ap, dt);
    expect(ap.setMode(Mode.RTL)).toBe(MavResult.ACCEPTED);
    expect(ap.arm()).toBe(MavResult.FAILED);
    expect(texts).toContain('Arm: Mode not armable');
    expect(ap.arm(21196)).toBe(MavResult.ACCEPTED);
  });

  it('takes off only armed and in GUIDED, climbing at about 2.5 m/s to the target and holding it', () => {
    const { ap } = copter();
    run(ap, dt);
    expect(ap.takeoff(5)).toBe(MavResult.FAILED); // STABILIZE
    ap.setMode(Mode.GUIDED);
    expect(ap.takeoff(5)).toBe(MavResult.FAILED); // disarmed
    ap.arm();
    expect(ap.takeoff(5)).toBe(MavResult.ACCEPTED);
    expect(ap.takeoff(5)).toBe(MavResult.FAILED); // already flying
    run(ap, 1.2);
    expect(-ap.kinematics.vd).toBeCloseTo(2.5, 1);
    let highest = 0;
    run(ap, 4, () => (highest = Math.max(highest, ap.altRel)));
    expect(ap.altRel).toBeCloseTo(5, 1);
    expect(highest).toBeLessThan(5.1);
    expect(ap.truth()).toMatchObject({ landed: false, armed: true, mode: 'GUIDED' });
  });

  it('follows velocity setpoints within the acceleration limit, and stops 3 s after the last one', () => {
    const { ap } = flying();
    const start = ap.kinematics.north;
    expect(applyLocalTarget(ap, velocityTarget(common.MavFrame.LOCAL_NED, 2, 0))).toBe(true);
    run(ap, 0.2);
    expect(ap.kinematics.vn).toBeLessThanOrEqual(0.5 + 1e-9); // 2.5 m/s² for 0.2 s
    run(ap, 2.6); // 2.8 s since the setpoint: still going
    expect(ap.kinematics.vn).toBeCloseTo(2, 5);
    run(ap, 0.4); // 3.2 s: GUID_TIMEOUT passed, braking
    expect(ap.kinematics.vn).toBeLessThan(2);
    run(ap, 1.5);
    expect(ap.kinematics.groundSpeed).toBe(0);
    // 0.8 s to reach 2 m/s, ~2.2 s at it, 0.8 s braking: about 6 m.
    expect(ap.kinematics.north - start).toBeCloseTo(6, 0);
  });

  it('reads body-frame velocities against the heading, and yaw relative only in BODY_OFFSET_NED', () => {
    const { ap } = flying();
    expect(ap.conditionYaw(90, 0, 0, false)).toBe(MavResult.ACCEPTED);
    run(ap, 1.5);
    expect(ap.kinematics.yaw).toBeCloseTo(90, 5);
    applyLocalTarget(ap, velocityTarget(common.MavFrame.BODY_NED, 1, 0)); // forward, facing east
    run(ap, 2);
    expect(ap.kinematics.ve).toBeCloseTo(1, 5);
    expect(Math.abs(ap.kinematics.vn)).toBeLessThan(1e-9);

    const withYaw = velocityTarget(common.MavFrame.BODY_OFFSET_NED, 0, 0);
    withYaw.typeMask = ignoreAllBut(Mask.VX_IGNORE, Mask.VY_IGNORE, Mask.VZ_IGNORE, Mask.YAW_IGNORE);
    withYaw.yaw = Math.PI / 2; // 90° more than now
    applyLocalTarget(ap, withYaw);
    run(ap, 2.5);
    expect(ap.kinematics.yaw).toBeCloseTo(180, 5);
  });

  it('turns at a setpoint\'s yaw rate (yaw ignored) up to its turn rate until the next one, and holds when they stop', () => {
    const { ap } = flying();
    const withRate = (dps: number, vx = 0): common.SetPositionTargetLocalNed => {
      const m = velocityTarget(common.MavFrame.BODY_NED, vx, 0);
      m.typeMask = ignoreAllBut(Mask.VX_IGNORE, Mask.VY_IGNORE, Mask.VZ_IGNORE, Mask.YAW_RATE_IGNORE);
      m.yawRate = (dps * Math.PI) / 180;
      return m;
    };
    applyLocalTarget(ap, withRate(30));
    run(ap, 1);
    expect(ap.kinematics.yaw).toBeCloseTo(30, 5);
    applyLocalTarget(ap, withRate(-60)); // counter-clockwise, through north
    run(ap, 1);
    expect(ap.kinematics.yaw).toBeCloseTo(330, 5);
    applyLocalTarget(ap, withRate(0)); // 0: hold the heading it has
    run(ap, 1);
    expect(ap.kinematics.yaw).toBeCloseTo(330, 5);
    applyLocalTarget(ap, withRate(500)); // limited to the vehicle's 90°/s
    run(ap, 1);
    expect(ap.kinematics.yaw).toBeCloseTo(60, 5);
    // No setpoint for the guided timeout (3 s): it stops turning, as it stops moving.
    run(ap, 2.5);
    expect(ap.kinematics.yaw).toBeCloseTo(330 + 90 * 3 - 360, 0);
    const stopped = ap.kinematics.yaw;
    run(ap, 1);
    expect(ap.kinematics.yaw).toBe(stopped);

    // Both a yaw and a yaw rate: ArduCopter takes the yaw.
    const both = withRate(60);
    both.typeMask = ignoreAllBut(Mask.VX_IGNORE, Mask.VY_IGNORE, Mask.VZ_IGNORE, Mask.YAW_IGNORE, Mask.YAW_RATE_IGNORE);
    both.yaw = Math.PI; // 180°
    applyLocalTarget(ap, both);
    run(ap, 3);
    expect(ap.kinematics.yaw).toBeCloseTo(180, 5);

    // GLOBAL_INT velocities carry a yaw rate too.
    const global = new common.SetPositionTargetGlobalInt();
    global.coordinateFrame = common.MavFrame.GLOBAL_RELATIVE_ALT_INT;
    global.typeMask = ignoreAllBut(Mask.VX_IGNORE, Mask.VY_IGNORE, Mask.VZ_IGNORE, Mask.YAW_RATE_IGNORE);
    global.yawRate = -Math.PI / 6; // 30°/s counter-clockwise
    expect(applyGlobalTarget(ap, global)).toBe(true);
    run(ap, 2);
    expect(ap.kinematics.yaw).toBeCloseTo(120, 5);
  });

  it('flies a body-frame velocity along the heading at receipt while a yaw rate turns it (rotated once, as ArduCopter)', () => {
    const { ap } = flying();
    const m = velocityTarget(common.MavFrame.BODY_NED, 2, 0);
    m.typeMask = ignoreAllBut(Mask.VX_IGNORE, Mask.VY_IGNORE, Mask.VZ_IGNORE, Mask.YAW_RATE_IGNORE);
    m.yawRate = Math.PI / 2; // 90°/s
    applyLocalTarget(ap, m);
    run(ap, 1.5);
    // Nose at 135°, still flying north: the course follows only with the next setpoint.
    expect(ap.kinematics.yaw).toBeCloseTo(135, 5);
    expect(Math.abs(ap.kinematics.ve)).toBeLessThan(1e-9);
    applyLocalTarget(ap, m);
    run(ap, 2);
    // Re-read against the heading then (135°), the velocity points there.
    expect(Math.atan2(ap.kinematics.ve, ap.kinematics.vn) * (180 / Math.PI)).toBeCloseTo(135, 3);
  });

  it('turns to an absolute heading at about 90°/s with MAV_CMD_CONDITION_YAW, GUIDED only', () => {
    const { ap } = flying();
    ap.conditionYaw(270, 0, 0, false); // shorter way from 0 is counter-clockwise
    run(ap, 0.5);
    expect(ap.kinematics.yaw).toBeCloseTo(315, 0);
    run(ap, 0.6);
    expect(ap.kinematics.yaw).toBe(270);
    ap.setMode(Mode.LOITER);
    expect(ap.conditionYaw(0, 0, 0, false)).toBe(MavResult.FAILED);
  });

  it('flies to a SET_POSITION_TARGET_GLOBAL_INT point at its cruise speed, changed by DO_CHANGE_SPEED', () => {
    const { ap } = flying(10);
    ap.changeSpeed(4);
    const target = offsetLatLon(ap.origin, 40, -30); // 50 m away
    const m = new common.SetPositionTargetGlobalInt();
    m.coordinateFrame = common.MavFrame.GLOBAL_RELATIVE_ALT_INT;
    m.typeMask = ignoreAllBut(Mask.X_IGNORE, Mask.Y_IGNORE, Mask.Z_IGNORE);
    m.latInt = Math.round(target.lat * 1e7);
    m.lonInt = Math.round(target.lon * 1e7);
    m.alt = 20;
    expect(applyGlobalTarget(ap, m)).toBe(true);
    let fastest = 0;
    run(ap, 20, () => (fastest = Math.max(fastest, ap.kinematics.groundSpeed)));
    expect(fastest).toBeCloseTo(4, 1);
    const here = northEastOf(ap.origin, ap.truth());
    expect(here.north).toBeCloseTo(40, 0);
    expect(here.east).toBeCloseTo(-30, 0);
    expect(ap.altRel).toBeCloseTo(20, 0);
  });

  it('ignores setpoints unless flying in GUIDED', () => {
    const { ap } = copter();
    run(ap, dt);
    ap.setMode(Mode.GUIDED);
    ap.arm();
    expect(applyLocalTarget(ap, velocityTarget(common.MavFrame.LOCAL_NED, 1, 0))).toBe(false); // on the ground
  });

  it('refuses to disarm in the air', () => {
    const { ap, texts } = flying(5);
    expect(ap.disarm()).toBe(MavResult.FAILED);
    expect(texts).toContain('Disarm: vehicle is flying');
    expect(ap.armed).toBe(true);
  });

  it('LAND: 1.5 m/s down to 10 m, 0.5 m/s below, then disarms about 2 s after touchdown', () => {
    const { ap, texts } = flying(20);
    ap.setMode(Mode.LAND);
    run(ap, 3);
    expect(ap.kinematics.vd).toBeCloseTo(1.5, 5);
    run(ap, 6);
    expect(ap.altRel).toBeLessThan(10);
    expect(ap.kinematics.vd).toBeCloseTo(0.5, 5);
    let touchdown = 0;
    run(ap, 25, () => {
      if (!touchdown && ap.landed) touchdown = ap.time;
    });
    expect(touchdown).toBeGreaterThan(0);
    expect(texts).toContain('Land complete');
    expect(ap.truth()).toMatchObject({ armed: false, landed: true, mode: 'LAND', altRel: 0 });
    expect(texts).toContain('Disarming motors');
  });

  it('RTL: climbs to RTL_ALT if lower, flies home, hovers, descends, lands and disarms', () => {
    const { ap } = flying(5, { params: { rtlAltitudeM: 15, rtlLoiterS: 2 } });
    const home = ap.home!;
    applyLocalTarget(ap, velocityTarget(common.MavFrame.LOCAL_NED, 3, 3));
    run(ap, 3);
    expect(ap.setMode(Mode.RTL)).toBe(MavResult.ACCEPTED);
    let highest = 0;
    let awayWhenHigh = 0;
    let touchdown = 0;
    run(ap, 60, () => {
      if (ap.altRel > highest) {
        highest = ap.altRel;
        awayWhenHigh = Math.hypot(ap.kinematics.north, ap.kinematics.east);
      }
      if (!touchdown && ap.landed) touchdown = ap.time;
    });
    expect(highest).toBeCloseTo(15, 1);
    expect(awayWhenHigh).toBeGreaterThan(5); // it climbed before heading home
    expect(touchdown).toBeGreaterThan(0);
    const t = ap.truth();
    expect(northEastOf(home, t).north).toBeCloseTo(0, 1);
    expect(northEastOf(home, t).east).toBeCloseTo(0, 1);
    expect(t).toMatchObject({ armed: false, landed: true, mode: 'RTL' });
  });

  it('sets home where it arms, and disarms after 10 s armed on the ground (DISARM_DELAY)', () => {
    const changes: number[] = [];
    const withHome = new CopterAutopilot({ params: { gpsFixDelayS: 1 }, onHomeChanged: () => changes.push(withHome.time) });
    run(withHome, 2);
    expect(changes).toHaveLength(1); // first fix
    withHome.arm();
    expect(changes).toHaveLength(2);
    expect(withHome.home).toMatchObject({ lat: 41.2757, lon: 1.9881 });
    run(withHome, 9.9);
    expect(withHome.armed).toBe(true);
    run(withHome, 0.2);
    expect(withHome.armed).toBe(false);
  });

  it('drains the battery by the current it draws, more in flight, and warns once when low', () => {
    const { ap, texts } = copter({ battery: { remainingPct: 21 } });
    run(ap, 1);
    const idleCurrent = ap.battery.current;
    const v0 = ap.battery.voltage;
    ap.setMode(Mode.GUIDED);
    ap.arm();
    ap.takeoff(30);
    run(ap, 40);
    expect(ap.battery.current).toBeGreaterThan(10 * idleCurrent);
    expect(ap.battery.remainingPct).toBeLessThan(20);
    expect(ap.battery.voltage).toBeLessThan(v0);
    expect(texts.filter((t) => t.startsWith('Battery 1 is low'))).toHaveLength(1);
  });
});
