import { common } from 'node-mavlink';
import { northEastOf } from '../geo.ts';
import type { CopterAutopilot } from './CopterAutopilot.ts';

const { MavFrame, PositionTargetTypemask: Mask } = common;
const positionIgnored = Mask.X_IGNORE | Mask.Y_IGNORE | Mask.Z_IGNORE;
const velocityIgnored = Mask.VX_IGNORE | Mask.VY_IGNORE | Mask.VZ_IGNORE;
const bodyFrames: ReadonlySet<number> = new Set([MavFrame.BODY_NED, MavFrame.BODY_OFFSET_NED, MavFrame.BODY_FRD]);

/** Which parts of a setpoint count: ArduCopter flies position if given, else velocity. */
function usage(typeMask: number): 'position' | 'velocity' | 'none' {
  if ((typeMask & positionIgnored) !== positionIgnored) return 'position';
  if ((typeMask & velocityIgnored) !== velocityIgnored) return 'velocity';
  return 'none';
}

function rotateBodyToEarth(ap: CopterAutopilot, x: number, y: number): { north: number; east: number } {
  const yaw = (ap.kinematics.yaw * Math.PI) / 180;
  return { north: x * Math.cos(yaw) - y * Math.sin(yaw), east: x * Math.sin(yaw) + y * Math.cos(yaw) };
}

/**
 * SET_POSITION_TARGET_LOCAL_NED. Earth frames (LOCAL_NED, LOCAL_OFFSET_NED) and body frames
 * (BODY_NED, BODY_OFFSET_NED, BODY_FRD: rotated by the current heading; body positions are
 * offsets from where the vehicle is). False if ignored (not flying in GUIDED, unknown frame).
 *
 * A body-frame velocity is turned into an earth-frame one once, on receipt, with the heading
 * then, as ArduCopter does: while a yaw rate turns the vehicle, its course follows the nose only
 * as often as setpoints come (the phone's sticks renew theirs 12.5 times a second).
 */
export function applyLocalTarget(ap: CopterAutopilot, m: common.SetPositionTargetLocalNed): boolean {
  const body = bodyFrames.has(m.coordinateFrame);
  if (!body && m.coordinateFrame !== MavFrame.LOCAL_NED && m.coordinateFrame !== MavFrame.LOCAL_OFFSET_NED) return false;
  let applied = false;
  const k = ap.kinematics;
  const homeDown = ap.homeLocal?.down ?? 0;
  switch (usage(m.typeMask)) {
    case 'position': {
      if (m.coordinateFrame === MavFrame.LOCAL_NED) {
        applied = ap.setPosition(m.x, m.y, -(m.z - homeDown));
      } else {
        const offset = body ? rotateBodyToEarth(ap, m.x, m.y) : { north: m.x, east: m.y };
        applied = ap.setPosition(k.north + offset.north, k.east + offset.east, ap.altRel - m.z);
      }
      break;
    }
    case 'velocity': {
      const v = body ? rotateBodyToEarth(ap, m.vx, m.vy) : { north: m.vx, east: m.vy };
      applied = ap.setVelocity(v.north, v.east, m.vz);
      break;
    }
    case 'none':
      applied = true;
  }
  if (applied) applyYaw(ap, m, m.coordinateFrame === MavFrame.BODY_OFFSET_NED ? k.yaw : 0);
  return applied;
}

/**
 * The setpoint's yaw: an absolute heading (as on ArduCopter, only BODY_OFFSET_NED makes it
 * relative to the current heading), else a yaw rate if one is given, else nothing (ArduCopter
 * would then turn to face its direction of travel, which the simulator does not model).
 */
function applyYaw(ap: CopterAutopilot, m: { typeMask: number; yaw: number; yawRate: number }, relativeTo: number): void {
  if (!(m.typeMask & Mask.YAW_IGNORE)) ap.setYaw(relativeTo + (m.yaw * 180) / Math.PI);
  else if (!(m.typeMask & Mask.YAW_RATE_IGNORE)) ap.setYawRate((m.yawRate * 180) / Math.PI);
}

/** SET_POSITION_TARGET_GLOBAL_INT: a point (lat/lon in 1e7 degrees, altitude by frame) or an earth-frame velocity. */
export function applyGlobalTarget(ap: CopterAutopilot, m: common.SetPositionTargetGlobalInt): boolean {
  let altRel: number;
  switch (m.coordinateFrame) {
    case MavFrame.GLOBAL_INT:
    case MavFrame.GLOBAL:
      altRel = m.alt - (ap.home ?? ap.origin).altMsl;
      break;
    case MavFrame.GLOBAL_RELATIVE_ALT_INT:
    case MavFrame.GLOBAL_RELATIVE_ALT:
    case MavFrame.GLOBAL_TERRAIN_ALT_INT:
    case MavFrame.GLOBAL_TERRAIN_ALT:
      altRel = m.alt; // the simulated ground is flat, so above terrain is above home
      break;
    default:
      return false;
  }
  let applied = false;
  switch (usage(m.typeMask)) {
    case 'position': {
      const { north, east } = northEastOf(ap.origin, { lat: m.latInt / 1e7, lon: m.lonInt / 1e7 });
      applied = ap.setPosition(north, east, altRel);
      break;
    }
    case 'velocity':
      applied = ap.setVelocity(m.vx, m.vy, m.vz);
      break;
    case 'none':
      applied = true;
  }
  if (applied) applyYaw(ap, m, 0);
  return applied;
}
