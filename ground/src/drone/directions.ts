import { common } from 'node-mavlink';
import type { Direction } from '@dronecast/protocol';
import type { VelocitySetpoint } from './gcsMessages.ts';

export interface MoveSpeeds {
  /** m/s for the compass points and Forward/Back/Left/Right. */
  horizontal: number;
  /** m/s for Up/Down. */
  vertical: number;
}

const diagonal = Math.SQRT1_2;
/** North/east parts of each compass point; diagonals keep the same speed, not √2 times it. */
const compass: Record<string, [number, number]> = {
  North: [1, 0],
  NorthEast: [diagonal, diagonal],
  East: [0, 1],
  SouthEast: [-diagonal, diagonal],
  South: [-1, 0],
  SouthWest: [-diagonal, -diagonal],
  West: [0, -1],
  NorthWest: [diagonal, -diagonal],
};
/** Forward/right/down parts of each body-frame move, per unit of horizontal or vertical speed. */
const body: Record<string, [number, number, number]> = {
  Forward: [1, 0, 0],
  Back: [-1, 0, 0],
  Right: [0, 1, 0],
  Left: [0, -1, 0],
  Up: [0, 0, -1],
  Down: [0, 0, 1],
};

/**
 * The velocity setpoint for a pad direction: compass points in the earth frame (LOCAL_NED),
 * the rest in the body frame (BODY_NED). Every setpoint carries the heading to hold: with yaw
 * left free, ArduCopter turns to face its direction of travel (WP_YAW_BEHAVIOR), and a body
 * "Left" resent each second would then fly a circle.
 */
export function velocityFor(direction: Exclude<Direction, 'Stop'>, speeds: MoveSpeeds, yawDeg: number): VelocitySetpoint {
  const c = compass[direction];
  if (c) return { frame: common.MavFrame.LOCAL_NED, vx: c[0] * speeds.horizontal, vy: c[1] * speeds.horizontal, vz: 0, yawDeg };
  const [forward, right, down] = body[direction] ?? [0, 0, 0];
  return { frame: common.MavFrame.BODY_NED, vx: forward * speeds.horizontal, vy: right * speeds.horizontal, vz: down * speeds.vertical, yawDeg };
}
