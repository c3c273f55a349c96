import { headingDifference, normalizeDegrees } from '../geo.ts';

/** Where the autopilot wants to go this instant: earth-frame velocity (NED, m/s) and a heading. */
export interface MotionTarget {
  vn: number;
  ve: number;
  vd: number;
  yaw?: YawTarget;
}

/** Turn to a heading at a rate, or keep turning at a rate (clockwise positive; 0 holds the heading). */
export type YawTarget =
  | { degrees: number; rateDps: number; /** 1 clockwise, -1 counter-clockwise, 0 the shorter way. */ direction: number }
  | { rateDps: number; turning: true };

export interface KinematicLimits {
  /** m/s², horizontal (ArduCopter's WPNAV_ACCEL, 250 cm/s²). */
  horizontalAccel: number;
  /** m/s², vertical (PILOT_ACCEL_Z, 250 cm/s²). */
  verticalAccel: number;
}

/**
 * The airframe as a point with inertia: velocity follows the autopilot's target within
 * acceleration limits (so speed never jumps), position integrates velocity, heading turns at a
 * set rate. Attitude is derived from acceleration and drag, which is what a ground station sees.
 */
export class Kinematics {
  north = 0;
  east = 0;
  /** Metres below the origin; negative when above it. */
  down = 0;
  vn = 0;
  ve = 0;
  vd = 0;
  yaw = 0;
  yawRate = 0;
  roll = 0;
  pitch = 0;

  constructor(private readonly limits: KinematicLimits) {}

  get altitude(): number {
    return -this.down;
  }

  get groundSpeed(): number {
    return Math.hypot(this.vn, this.ve);
  }

  step(dt: number, target: MotionTarget): void {
    const dvn = target.vn - this.vn;
    const dve = target.ve - this.ve;
    const dh = Math.hypot(dvn, dve);
    const maxDh = this.limits.horizontalAccel * dt;
    const scale = dh > maxDh ? maxDh / dh : 1;
    const an = (dvn * scale) / dt;
    const ae = (dve * scale) / dt;
    this.vn += dvn * scale;
    this.ve += dve * scale;
    const maxDv = this.limits.verticalAccel * dt;
    this.vd += Math.max(-maxDv, Math.min(maxDv, target.vd - this.vd));
    this.north += this.vn * dt;
    this.east += this.ve * dt;
    this.down += this.vd * dt;
    this.turn(dt, target.yaw);
    this.tilt(an, ae);
  }

  /** Disarmed in the air: the motors stop and it drops. */
  fall(dt: number): void {
    this.vd += 9.81 * dt;
    this.north += this.vn * dt;
    this.east += this.ve * dt;
    this.down += this.vd * dt;
  }

  /** Sitting on the ground: nothing moves but what the autopilot sets. */
  rest(): void {
    this.vn = this.ve = this.vd = 0;
    this.yawRate = this.roll = this.pitch = 0;
  }

  private turn(dt: number, yaw: MotionTarget['yaw']): void {
    this.yawRate = 0;
    if (!yaw) return;
    if ('turning' in yaw) {
      this.yaw = normalizeDegrees(this.yaw + yaw.rateDps * dt);
      this.yawRate = yaw.rateDps;
      return;
    }
    let diff = headingDifference(this.yaw, yaw.degrees);
    if (yaw.direction > 0 && diff < 0) diff += 360;
    if (yaw.direction < 0 && diff > 0) diff -= 360;
    // Clamped to what is left, so a forced-direction turn never overshoots into another lap.
    const step = Math.sign(diff) * Math.min(Math.abs(diff), yaw.rateDps * dt);
    this.yaw = normalizeDegrees(this.yaw + step);
    this.yawRate = step / dt;
  }

  private tilt(an: number, ae: number): void {
    // A multirotor leans into its acceleration and, at speed, against drag (~0.15 g at 10 m/s).
    const dragPerMps = 0.15;
    const fn = an + dragPerMps * this.vn;
    const fe = ae + dragPerMps * this.ve;
    const yawRad = (this.yaw * Math.PI) / 180;
    const forward = fn * Math.cos(yawRad) + fe * Math.sin(yawRad);
    const right = -fn * Math.sin(yawRad) + fe * Math.cos(yawRad);
    this.pitch = -Math.atan2(forward, 9.81);
    this.roll = Math.atan2(right, 9.81);
  }
}
