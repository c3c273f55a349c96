import { common, minimal } from 'node-mavlink';

export interface Target {
  system: number;
  component: number;
}

const Mask = common.PositionTargetTypemask;
/** Velocity plus an absolute yaw: position, acceleration and yaw rate ignored. */
export const velocityWithYawMask = Mask.X_IGNORE | Mask.Y_IGNORE | Mask.Z_IGNORE | Mask.AX_IGNORE | Mask.AY_IGNORE | Mask.AZ_IGNORE | Mask.YAW_RATE_IGNORE;
/** Velocity plus a yaw rate (a pilot's stick): position, acceleration and the absolute yaw ignored. */
export const velocityWithYawRateMask = Mask.X_IGNORE | Mask.Y_IGNORE | Mask.Z_IGNORE | Mask.AX_IGNORE | Mask.AY_IGNORE | Mask.AZ_IGNORE | Mask.YAW_IGNORE;
/** Position only. */
export const positionMask = Mask.VX_IGNORE | Mask.VY_IGNORE | Mask.VZ_IGNORE | Mask.AX_IGNORE | Mask.AY_IGNORE | Mask.AZ_IGNORE | Mask.YAW_IGNORE | Mask.YAW_RATE_IGNORE;

const bootMs = (): number => Math.floor(performance.now()) >>> 0;

/** The 1 Hz "a ground station is here" that ArduPilot's GCS failsafe and UDP reply address rely on. */
export function gcsHeartbeat(): minimal.Heartbeat {
  const m = new minimal.Heartbeat();
  m.type = minimal.MavType.GCS;
  m.autopilot = minimal.MavAutopilot.INVALID;
  m.baseMode = 0 as minimal.MavModeFlag;
  m.customMode = 0;
  m.systemStatus = minimal.MavState.ACTIVE;
  m.mavlinkVersion = 3;
  return m;
}

export function commandLong(target: Target, command: number, params: readonly number[], confirmation: number): common.CommandLong {
  const m = new common.CommandLong();
  m.targetSystem = target.system;
  m.targetComponent = target.component;
  m.command = command;
  m.confirmation = confirmation;
  const p = (n: number): number => params[n - 1] ?? 0;
  m._param1 = p(1);
  m._param2 = p(2);
  m._param3 = p(3);
  m._param4 = p(4);
  m._param5 = p(5);
  m._param6 = p(6);
  m._param7 = p(7);
  return m;
}

export interface VelocitySetpoint {
  /** MAV_FRAME_LOCAL_NED (earth: north, east, down) or MAV_FRAME_BODY_NED (forward, right, down). */
  frame: common.MavFrame.LOCAL_NED | common.MavFrame.BODY_NED;
  vx: number;
  vy: number;
  vz: number;
  /** Absolute heading to hold, degrees (ignored when yawRateDps is given). */
  yawDeg: number;
  /** Turn at this rate instead, degrees per second, clockwise positive (0: hold the heading the vehicle has). */
  yawRateDps?: number;
}

export function velocityTarget(target: Target, setpoint: VelocitySetpoint): common.SetPositionTargetLocalNed {
  const m = new common.SetPositionTargetLocalNed();
  m.timeBootMs = bootMs();
  m.targetSystem = target.system;
  m.targetComponent = target.component;
  m.coordinateFrame = setpoint.frame;
  const byRate = setpoint.yawRateDps !== undefined;
  m.typeMask = byRate ? velocityWithYawRateMask : velocityWithYawMask;
  m.x = m.y = m.z = 0;
  m.vx = setpoint.vx;
  m.vy = setpoint.vy;
  m.vz = setpoint.vz;
  m.afx = m.afy = m.afz = 0;
  m.yaw = byRate ? 0 : (setpoint.yawDeg * Math.PI) / 180;
  m.yawRate = byRate ? ((setpoint.yawRateDps ?? 0) * Math.PI) / 180 : 0;
  return m;
}

/** Fly to a point; altitude in metres above home. */
export function globalTarget(target: Target, lat: number, lon: number, altRel: number): common.SetPositionTargetGlobalInt {
  const m = new common.SetPositionTargetGlobalInt();
  m.timeBootMs = bootMs();
  m.targetSystem = target.system;
  m.targetComponent = target.component;
  m.coordinateFrame = common.MavFrame.GLOBAL_RELATIVE_ALT_INT;
  m.typeMask = positionMask;
  m.latInt = Math.round(lat * 1e7);
  m.lonInt = Math.round(lon * 1e7);
  m.alt = altRel;
  m.vx = m.vy = m.vz = 0;
  m.afx = m.afy = m.afz = 0;
  m.yaw = 0;
  m.yawRate = 0;
  return m;
}
