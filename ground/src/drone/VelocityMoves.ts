import { common } from 'node-mavlink';
import { stickMaxYawRateDps, type Direction, type Logger, type StickAxes } from '@dronecast/protocol';
import type { Timer, Timers } from '../time/Timers.ts';
import { velocityFor } from './directions.ts';
import type { VelocitySetpoint } from './gcsMessages.ts';
import { VelocityStreamer } from './VelocityStreamer.ts';

/** What moves need to know of the vehicle now. */
export interface VehicleNow {
  heading: number;
  airborne: boolean;
  mode: string;
}

export interface VelocityMovesOptions {
  sendSetpoint(setpoint: VelocitySetpoint): void;
  vehicle(): VehicleNow;
  speeds: { horizontal: number; vertical: number };
  /** How often a streaming setpoint is resent (ArduCopter forgets one after 3 s). */
  resendMs: number;
  /** A held stick not renewed for this long is let go. */
  stickHoldMs: number;
  timers: Timers;
  logger: Logger;
}

/**
 * The moves flown by streaming velocity setpoints: the compass pad's go(), the virtual sticks
 * (kept alive only while renewed) and Stop, with the heading they hold and the speed setting.
 */
export class VelocityMoves {
  private readonly streamer: VelocityStreamer;
  /** The heading setpoints hold: the last heading change, else the heading when go() started. */
  private headingHold: number | undefined;
  /** The stick setpoint streaming now, and when it lapses unless renewed. */
  private stickSetpoint: VelocitySetpoint | undefined;
  private stickLapse: Timer | undefined;

  constructor(private readonly options: VelocityMovesOptions) {
    this.streamer = new VelocityStreamer({ send: options.sendSetpoint, resendMs: options.resendMs });
  }

  get moving(): boolean {
    return this.streamer.active !== undefined;
  }

  get speeds(): { horizontal: number; vertical: number } {
    return this.options.speeds;
  }

  go(direction: Exclude<Direction, 'Stop'>): string {
    this.headingHold = this.holdHeading();
    this.streamer.start(velocityFor(direction, this.options.speeds, this.headingHold));
    const speed = direction === 'Up' || direction === 'Down' ? this.options.speeds.vertical : this.options.speeds.horizontal;
    return `going ${direction} at ${speed} m/s`;
  }

  /** Body-frame velocity and a yaw rate, streamed while renewed within stickHoldMs. */
  stick(axes: StickAxes): string {
    // The sticks steer the heading; whatever comes next holds the heading the drone has then.
    this.headingHold = undefined;
    const { horizontal, vertical } = this.options.speeds;
    const setpoint: VelocitySetpoint = {
      frame: common.MavFrame.BODY_NED,
      vx: axes.forward * horizontal,
      vy: axes.right * horizontal,
      vz: -axes.up * vertical,
      yawDeg: 0,
      yawRateDps: axes.yaw * stickMaxYawRateDps,
    };
    this.stickSetpoint = setpoint;
    this.streamer.start(setpoint);
    this.stickLapse?.cancel();
    this.stickLapse = this.options.timers.setTimeout(() => this.stickLapsed(), this.options.stickHoldMs);
    // Short: it comes back 12 times a second.
    const f = (n: number): string => `${Math.round(n * 10) / 10} m/s`;
    return `sticks: forward ${f(setpoint.vx)}, right ${f(setpoint.vy)}, climb ${f(-setpoint.vz)}, turn ${Math.round(setpoint.yawRateDps ?? 0)}°/s`;
  }

  /** Hover: zero velocity now (in GUIDED in the air), and the end of any stream of setpoints. */
  stop(): string {
    const moving = this.moving;
    const byStick = moving && this.streamer.active === this.stickSetpoint;
    this.stickLapse?.cancel();
    this.stickSetpoint = undefined;
    // After a stick turn no heading is held: hold the one the drone has as this lands (telemetry's lags).
    const yaw = byStick && this.headingHold === undefined ? 'current' : this.holdHeading();
    const vehicle = this.options.vehicle();
    if (vehicle.airborne && vehicle.mode === 'GUIDED') this.streamer.stop(yaw);
    else this.streamer.halt();
    return moving ? 'stopping' : 'not moving';
  }

  /** A new speed setting: a move streaming now changes in proportion (a half-pushed stick stays at half). */
  setSpeed(metersPerSecond: number): void {
    const scale = metersPerSecond / this.options.speeds.horizontal;
    this.options.speeds.horizontal = metersPerSecond;
    const moving = this.streamer.active;
    if (moving && (moving.vx !== 0 || moving.vy !== 0)) this.restream({ ...moving, vx: moving.vx * scale, vy: moving.vy * scale });
  }

  /**
   * The drone turns to a heading: setpoints still streaming must hold it, or each resend would
   * undo the turn; a stick's yaw rate goes too, and the stick's next renewal steers again.
   */
  headingChanged(heading: number): void {
    this.headingHold = heading;
    const moving = this.streamer.active;
    if (moving) this.restream({ ...moving, yawDeg: heading, yawRateDps: undefined });
  }

  /** A take-off or a mode change: no heading is held any more. */
  forgetHeading(): void {
    this.headingHold = undefined;
  }

  /** Stops streaming without a last setpoint (a landing, RTL, goto, a lost link, another mode). */
  halt(): void {
    this.streamer.halt();
  }

  close(): void {
    this.stickLapse?.cancel();
    this.streamer.halt();
  }

  /** Streams a setpoint derived from the one streaming now; a stick's stays the stick's, so its hold still lapses. */
  private restream(setpoint: VelocitySetpoint): void {
    if (this.streamer.active === this.stickSetpoint) this.stickSetpoint = setpoint;
    this.streamer.start(setpoint);
  }

  private stickLapsed(): void {
    // Something else (a go, a landing) took over since: nothing to let go of.
    if (!this.stickSetpoint || this.streamer.active !== this.stickSetpoint) return;
    this.options.logger.warn(`no stick update for ${this.options.stickHoldMs} ms: letting go of the sticks (hover)`);
    this.stop();
  }

  private holdHeading(): number {
    return this.headingHold ?? this.options.vehicle().heading;
  }
}
