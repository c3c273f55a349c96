import { common } from 'node-mavlink';
import type { VelocitySetpoint } from './gcsMessages.ts';

export interface VelocityStreamerOptions {
  send: (setpoint: VelocitySetpoint) => void;
  /** ArduCopter drops a velocity setpoint not renewed within 3 s (GUID_TIMEOUT); default 1000 ms. */
  resendMs?: number;
}

/**
 * Keeps a go() moving: sends the velocity setpoint now and again every second, so the vehicle
 * keeps it while the pilot holds the direction, and stops by itself if the ground station dies.
 */
export class VelocityStreamer {
  private timer: NodeJS.Timeout | undefined;
  private current: VelocitySetpoint | undefined;

  constructor(private readonly options: VelocityStreamerOptions) {}

  get active(): VelocitySetpoint | undefined {
    return this.current;
  }

  start(setpoint: VelocitySetpoint): void {
    this.current = setpoint;
    this.options.send(setpoint);
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (this.current) this.options.send(this.current);
    }, this.options.resendMs ?? 1000);
  }

  /**
   * Stop: ends the stream and sends zero velocity so the vehicle brakes now, not in 3 s, holding
   * `yawDeg`, or with 'current' a zero yaw rate: the heading it has when the message lands (after a
   * stick turn, a heading read from telemetry would be a fraction of a second old and turn it back).
   */
  stop(yaw: number | 'current'): void {
    this.halt();
    const hold = yaw === 'current' ? { yawDeg: 0, yawRateDps: 0 } : { yawDeg: yaw };
    this.options.send({ frame: common.MavFrame.LOCAL_NED, vx: 0, vy: 0, vz: 0, ...hold });
  }

  /** Ends the stream without a word: the link is down, or the vehicle left GUIDED and would ignore it. */
  halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.current = undefined;
  }
}
