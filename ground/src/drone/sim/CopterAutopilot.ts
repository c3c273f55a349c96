import { ardupilotmega, common } from 'node-mavlink';
import { normalizeDegrees, offsetLatLon } from '../geo.ts';
import { copterModeName } from '../mavlink/copterModes.ts';
import { Battery, type BatteryOptions } from './Battery.ts';
import { Kinematics, type MotionTarget } from './Kinematics.ts';
import type { CopterParams, GeoPoint, VehicleTruth } from './copterParams.ts';
import { defaultCopterParams, defaultHome } from './copterParams.ts';

const { MavResult, MavSeverity } = common;
const Mode = ardupilotmega.CopterMode;

export interface CopterAutopilotOptions {
  params?: Partial<CopterParams>;
  /** Where the vehicle boots, on the ground. */
  location?: GeoPoint;
  battery?: BatteryOptions;
  onStatusText?: (severity: common.MavSeverity, text: string) => void;
  /** Home was set (first GPS fix) or moved (arming): ground stations want HOME_POSITION then. */
  onHomeChanged?: () => void;
}

type Guided =
  | { kind: 'hold' }
  | { kind: 'takeoff'; alt: number }
  | { kind: 'velocity'; vn: number; ve: number; vd: number; at: number }
  | { kind: 'position'; north: number; east: number; alt: number };

type RtlStage = { stage: 'climb'; alt: number } | { stage: 'return'; alt: number } | { stage: 'loiter'; until: number } | { stage: 'descend' };

const simulatedModes: ReadonlySet<number> = new Set([Mode.STABILIZE, Mode.GUIDED, Mode.LOITER, Mode.RTL, Mode.LAND]);
const positionModes: ReadonlySet<number> = new Set([Mode.GUIDED, Mode.LOITER, Mode.RTL]);
const armableModes: ReadonlySet<number> = new Set([Mode.STABILIZE, Mode.GUIDED, Mode.LOITER]);
const forceArmMagic = 21196;

/** Speed towards a target `distance` away: capped, braking in time, gentle at the end. */
function approach(distance: number, maxSpeed: number, accel: number): number {
  const d = Math.abs(distance);
  return Math.sign(distance) * Math.min(maxSpeed, Math.sqrt(2 * accel * d), 2 * d);
}

/**
 * ArduCopter as a ground station sees it, without the I/O: flight modes with their numbers,
 * pre-arm checks, arming, GUIDED takeoff/velocity/position/yaw, LAND, RTL, landing detection,
 * auto-disarm and the battery. Commands return a MAV_RESULT and explain refusals in STATUSTEXT,
 * as ArduCopter does. Advanced by step(dt) on simulated time.
 */
export class CopterAutopilot {
  readonly params: CopterParams;
  readonly kinematics: Kinematics;
  readonly battery: Battery;
  readonly origin: GeoPoint;
  time = 0;
  mode: number = Mode.STABILIZE;
  armed = false;
  landed = true;
  gpsFix = false;
  /** Home as north/east/down from the origin; unset until the first GPS fix. */
  private homeNed: { north: number; east: number; down: number } | undefined;
  private guided: Guided = { kind: 'hold' };
  private yawTarget: MotionTarget['yaw'];
  /** When the last setpoint's yaw rate came (it lapses like the velocity). */
  private yawRateAt = 0;
  private rtl: RtlStage = { stage: 'descend' };
  private landedAt = 0;
  private lowBatteryWarned = false;

  constructor(private readonly options: CopterAutopilotOptions = {}) {
    this.params = { ...defaultCopterParams, ...options.params };
    this.origin = options.location ?? defaultHome;
    this.kinematics = new Kinematics({ horizontalAccel: this.params.horizontalAccel, verticalAccel: this.params.verticalAccel });
    this.battery = new Battery(options.battery);
  }

  get modeName(): string {
    return copterModeName(this.mode);
  }

  /** Metres above home (above the boot point before home is set). */
  get altRel(): number {
    return (this.homeNed?.down ?? 0) - this.kinematics.down;
  }

  get position(): GeoPoint {
    const k = this.kinematics;
    return { ...offsetLatLon(this.origin, k.north, k.east), altMsl: this.origin.altMsl - k.down };
  }

  get home(): GeoPoint | undefined {
    if (!this.homeNed) return undefined;
    return { ...offsetLatLon(this.origin, this.homeNed.north, this.homeNed.east), altMsl: this.origin.altMsl - this.homeNed.down };
  }

  get homeLocal(): { north: number; east: number; down: number } | undefined {
    return this.homeNed && { ...this.homeNed };
  }

  /** Throttle as VFR_HUD reports it, %. */
  get throttle(): number {
    if (!this.armed) return 0;
    if (this.landed) return 8;
    return Math.round(Math.min(100, 45 + 8 * Math.max(0, -this.kinematics.vd) + 0.5 * this.kinematics.groundSpeed));
  }

  truth(): VehicleTruth {
    const k = this.kinematics;
    const position = this.position;
    return {
      time: this.time,
      lat: position.lat,
      lon: position.lon,
      altRel: this.altRel,
      altMsl: position.altMsl,
      north: k.north,
      east: k.east,
      vn: k.vn,
      ve: k.ve,
      vd: k.vd,
      groundSpeed: k.groundSpeed,
      heading: k.yaw,
      mode: this.modeName,
      armed: this.armed,
      landed: this.landed,
      gpsFix: this.gpsFix,
      home: this.home,
      battery: { voltage: this.battery.voltage, current: this.battery.current, remaining: this.battery.remainingPct },
    };
  }

  // --- commands -------------------------------------------------------------------------------

  /** MAV_CMD_COMPONENT_ARM_DISARM with param1 = 1; param2 = 21196 skips the checks, as on ArduPilot. */
  arm(force = 0): common.MavResult {
    if (this.armed) return MavResult.ACCEPTED;
    if (force !== forceArmMagic) {
      // A GPS check in every mode, as ArduCopter does with a fence enabled (the usual field setup).
      if (!this.gpsFix) return this.refuse(MavResult.FAILED, 'PreArm: Need 3D Fix');
      if (!armableModes.has(this.mode)) return this.refuse(MavResult.FAILED, 'Arm: Mode not armable');
    }
    this.armed = true;
    this.landed = true;
    this.landedAt = this.time;
    this.setHomeHere();
    this.say(MavSeverity.INFO, 'Arming motors');
    return MavResult.ACCEPTED;
  }

  disarm(force = 0): common.MavResult {
    if (!this.armed) return MavResult.ACCEPTED;
    if (!this.landed && force !== forceArmMagic) return this.refuse(MavResult.FAILED, 'Disarm: vehicle is flying');
    this.disarmNow();
    return MavResult.ACCEPTED;
  }

  /** MAV_CMD_DO_SET_MODE or SET_MODE with ArduCopter's custom mode number. */
  setMode(customMode: number): common.MavResult {
    if (customMode === this.mode) return MavResult.ACCEPTED;
    const name = copterModeName(customMode);
    if (!simulatedModes.has(customMode)) return this.refuse(MavResult.FAILED, `Mode change to ${name} failed: not simulated`);
    if (positionModes.has(customMode) && !this.gpsFix) return this.refuse(MavResult.FAILED, `Mode change failed: ${name} requires position`);
    this.mode = customMode;
    this.guided = { kind: 'hold' };
    this.yawTarget = undefined;
    if (customMode === Mode.RTL) this.rtl = { stage: 'climb', alt: Math.max(this.params.rtlAltitudeM, this.altRel) };
    return MavResult.ACCEPTED;
  }

  /** MAV_CMD_NAV_TAKEOFF: only armed, on the ground, in GUIDED (ArduCopter answers FAILED otherwise). */
  takeoff(altitudeM: number): common.MavResult {
    if (this.mode !== Mode.GUIDED) return this.refuse(MavResult.FAILED, 'Takeoff: mode is not GUIDED');
    if (!this.armed) return this.refuse(MavResult.FAILED, 'Takeoff: not armed');
    if (!this.landed) return this.refuse(MavResult.FAILED, 'Takeoff: already flying');
    if (!(altitudeM > 0)) return MavResult.DENIED;
    this.landed = false;
    this.guided = { kind: 'takeoff', alt: altitudeM };
    return MavResult.ACCEPTED;
  }

  /** MAV_CMD_CONDITION_YAW: GUIDED only, as on ArduCopter. */
  conditionYaw(degrees: number, rateDps: number, direction: number, relative: boolean): common.MavResult {
    if (this.mode !== Mode.GUIDED) return MavResult.FAILED;
    const target = relative ? this.kinematics.yaw + (direction < 0 ? -degrees : degrees) : degrees;
    this.yawTarget = { degrees: normalizeDegrees(target), rateDps: rateDps > 0 ? rateDps : this.params.yawRateDps, direction: relative ? Math.sign(direction || 1) : Math.sign(direction) };
    return MavResult.ACCEPTED;
  }

  /** MAV_CMD_DO_CHANGE_SPEED: the speed of goto and RTL. */
  changeSpeed(metersPerSecond: number): common.MavResult {
    if (!(metersPerSecond > 0)) return MavResult.FAILED;
    this.params.cruiseSpeed = Math.min(metersPerSecond, this.params.maxSpeed);
    return MavResult.ACCEPTED;
  }

  /** Earth-frame velocity setpoint (NED, m/s). Ignored unless flying in GUIDED, as ArduCopter does. */
  setVelocity(vn: number, ve: number, vd: number): boolean {
    if (!this.acceptsSetpoints()) return false;
    const h = Math.hypot(vn, ve);
    const scale = h > this.params.maxSpeed ? this.params.maxSpeed / h : 1;
    const clampedVd = Math.max(-this.params.climbSpeed, Math.min(this.params.descentSpeed, vd));
    this.guided = { kind: 'velocity', vn: vn * scale, ve: ve * scale, vd: clampedVd, at: this.time };
    return true;
  }

  /** Position setpoint: metres north/east of the origin and metres above home. */
  setPosition(north: number, east: number, altRel: number): boolean {
    if (!this.acceptsSetpoints()) return false;
    this.guided = { kind: 'position', north, east, alt: altRel };
    return true;
  }

  /**
   * A yaw rate carried by a setpoint whose yaw is ignored (a pilot's stick), degrees per second,
   * clockwise positive, limited to the vehicle's turn rate; 0 holds the heading. ArduCopter keeps
   * turning until the next setpoint, and holds the heading once none came for the guided timeout
   * (velocity and position setpoints alike).
   */
  setYawRate(dps: number): void {
    if (!this.acceptsSetpoints()) return;
    const limit = this.params.yawRateDps;
    this.yawTarget = { rateDps: Math.max(-limit, Math.min(limit, dps)), turning: true };
    this.yawRateAt = this.time;
  }

  /** A yaw carried by a position/velocity setpoint (degrees, absolute). */
  setYaw(degrees: number): void {
    if (this.acceptsSetpoints()) this.yawTarget = { degrees: normalizeDegrees(degrees), rateDps: this.params.yawRateDps, direction: 0 };
  }

  // --- simulation -----------------------------------------------------------------------------

  step(dt: number): void {
    this.time += dt;
    if (!this.gpsFix && this.time >= this.params.gpsFixDelayS) this.acquireGps();
    const k = this.kinematics;
    if (this.armed && !this.landed) {
      const target = this.motionTarget();
      k.step(dt, target);
      if (k.down >= 0 && target.vd >= 0) this.touchDown();
    } else if (!this.landed) {
      k.fall(dt);
      if (k.down >= 0) this.touchDown();
    }
    if (this.armed && this.landed) {
      const delay = this.mode === Mode.LAND || this.mode === Mode.RTL ? this.params.landedDisarmS : this.params.idleDisarmS;
      if (this.time - this.landedAt >= delay) this.disarmNow();
    }
    this.battery.draw(this.currentDraw(), dt);
    if (!this.lowBatteryWarned && this.battery.remainingPct < this.params.lowBatteryPct) {
      this.lowBatteryWarned = true;
      this.say(MavSeverity.CRITICAL, `Battery 1 is low ${this.battery.voltage.toFixed(2)}V used ${Math.round(this.battery.consumedMah)} mAh`);
    }
  }

  private motionTarget(): MotionTarget {
    switch (this.mode) {
      case Mode.GUIDED:
        if (this.yawTarget && 'turning' in this.yawTarget && this.time - this.yawRateAt > this.params.guidedTimeoutS) this.yawTarget = undefined;
        return { ...this.guidedTarget(), yaw: this.yawTarget };
      case Mode.LAND:
        return { vn: 0, ve: 0, vd: this.landingSpeed() };
      case Mode.RTL:
        return this.rtlTarget();
      default:
        // LOITER holds position; STABILIZE with no pilot on the sticks is taken as hovering too.
        return { vn: 0, ve: 0, vd: 0 };
    }
  }

  private guidedTarget(): MotionTarget {
    const g = this.guided;
    const p = this.params;
    switch (g.kind) {
      case 'hold':
        return { vn: 0, ve: 0, vd: 0 };
      case 'takeoff': {
        const left = g.alt - this.altRel;
        if (left < 0.05) this.guided = { kind: 'hold' };
        return { vn: 0, ve: 0, vd: -approach(left, p.climbSpeed, p.verticalAccel) };
      }
      case 'velocity':
        if (this.time - g.at > p.guidedTimeoutS) {
          this.guided = { kind: 'hold' };
          return { vn: 0, ve: 0, vd: 0 };
        }
        return { vn: g.vn, ve: g.ve, vd: g.vd };
      case 'position':
        return this.towards(g.north, g.east, g.alt, p.cruiseSpeed);
    }
  }

  private rtlTarget(): MotionTarget {
    const home = this.homeNed ?? { north: 0, east: 0, down: 0 };
    const r = this.rtl;
    switch (r.stage) {
      case 'climb':
        if (this.altRel >= r.alt - 0.1) this.rtl = { stage: 'return', alt: r.alt };
        return { vn: 0, ve: 0, vd: -approach(r.alt - this.altRel, this.params.climbSpeed, this.params.verticalAccel) };
      case 'return': {
        const k = this.kinematics;
        if (Math.hypot(home.north - k.north, home.east - k.east) < 0.2 && k.groundSpeed < 0.2) {
          this.rtl = { stage: 'loiter', until: this.time + this.params.rtlLoiterS };
        }
        return this.towards(home.north, home.east, r.alt, this.params.cruiseSpeed);
      }
      case 'loiter':
        if (this.time >= r.until) this.rtl = { stage: 'descend' };
        return { vn: 0, ve: 0, vd: 0 };
      case 'descend':
        return { vn: 0, ve: 0, vd: this.landingSpeed() };
    }
  }

  private towards(north: number, east: number, altRel: number, speed: number): MotionTarget {
    const k = this.kinematics;
    const dn = north - k.north;
    const de = east - k.east;
    const distance = Math.hypot(dn, de);
    const v = approach(distance, speed, this.params.horizontalAccel);
    const climb = altRel - this.altRel;
    const vd = -approach(climb, climb > 0 ? this.params.climbSpeed : this.params.descentSpeed, this.params.verticalAccel);
    return distance < 1e-6 ? { vn: 0, ve: 0, vd } : { vn: (dn / distance) * v, ve: (de / distance) * v, vd };
  }

  private landingSpeed(): number {
    return this.altRel > this.params.landSlowBelowM ? this.params.descentSpeed : this.params.landSpeed;
  }

  private acceptsSetpoints(): boolean {
    return this.mode === Mode.GUIDED && this.armed && !this.landed;
  }

  private touchDown(): void {
    const wasFalling = !this.armed;
    this.kinematics.down = 0;
    this.kinematics.rest();
    this.landed = true;
    this.landedAt = this.time;
    this.guided = { kind: 'hold' };
    this.yawTarget = undefined;
    this.say(wasFalling ? MavSeverity.CRITICAL : MavSeverity.INFO, wasFalling ? 'Crash: hit the ground disarmed' : 'Land complete');
  }

  private disarmNow(): void {
    this.armed = false;
    this.guided = { kind: 'hold' };
    this.say(MavSeverity.INFO, 'Disarming motors');
  }

  private acquireGps(): void {
    this.gpsFix = true;
    this.say(MavSeverity.INFO, 'EKF3 IMU0 is using GPS');
    if (!this.homeNed) this.setHomeHere();
  }

  private setHomeHere(): void {
    const k = this.kinematics;
    this.homeNed = { north: k.north, east: k.east, down: k.down };
    this.options.onHomeChanged?.();
  }

  private currentDraw(): number {
    if (!this.armed) return 0.4;
    if (this.landed) return 2.5;
    const k = this.kinematics;
    return 14 + 0.08 * k.groundSpeed ** 2 + 3 * Math.max(0, -k.vd);
  }

  private refuse(result: common.MavResult, text: string): common.MavResult {
    this.say(MavSeverity.CRITICAL, text);
    return result;
  }

  private say(severity: common.MavSeverity, text: string): void {
    this.options.onStatusText?.(severity, text);
  }
}
