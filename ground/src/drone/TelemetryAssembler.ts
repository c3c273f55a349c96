import { common, minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { DroneState, Telemetry } from '@dronecast/protocol';
import { distanceM, type LatLon } from './geo.ts';
import { copterModeName } from './mavlink/copterModes.ts';

type Sample = Omit<Telemetry, 'state' | 'linkLost' | 'time'>;

/**
 * Collects what the vehicle streams (HEARTBEAT, GLOBAL_POSITION_INT, VFR_HUD, SYS_STATUS,
 * BATTERY_STATUS, GPS_RAW_INT, HOME_POSITION) into the latest known values, ignoring fields the
 * vehicle marks unknown.
 */
export class TelemetryAssembler {
  private sample: Sample = {
    lat: 0,
    lon: 0,
    altRel: 0,
    altAbs: 0,
    groundSpeed: 0,
    verticalSpeed: 0,
    heading: 0,
    roll: 0,
    pitch: 0,
    battery: { voltage: 0, current: 0, remaining: 0 },
    flightMode: 'UNKNOWN',
    armed: false,
    gps: { fix: 0, satellites: 0 },
  };
  systemStatus: minimal.MavState = minimal.MavState.UNINIT;
  customMode: number | undefined;
  home: (LatLon & { altMsl: number }) | undefined;
  /** Battery charge in %, or undefined while the vehicle can't tell. */
  batteryRemaining: number | undefined;

  get armed(): boolean {
    return this.sample.armed;
  }

  get mode(): string {
    return this.sample.flightMode;
  }

  get altRel(): number {
    return this.sample.altRel;
  }

  get heading(): number {
    return this.sample.heading;
  }

  get verticalSpeed(): number {
    return this.sample.verticalSpeed;
  }

  /** Off the ground, as ArduCopter tells it: ACTIVE while flying; in a failsafe (CRITICAL), judged by height. */
  get airborne(): boolean {
    if (!this.sample.armed) return false;
    if (this.systemStatus === minimal.MavState.ACTIVE) return true;
    const failsafe = this.systemStatus === minimal.MavState.CRITICAL || this.systemStatus === minimal.MavState.EMERGENCY;
    return failsafe && this.sample.altRel > 0.5;
  }

  get distanceFromHome(): number | undefined {
    if (!this.home || (this.sample.lat === 0 && this.sample.lon === 0)) return undefined;
    return distanceM(this.home, this.sample);
  }

  snapshot(state: DroneState, linkLost: boolean, time: number): Telemetry {
    const s = this.sample;
    return { ...s, battery: { ...s.battery }, gps: { ...s.gps }, state, linkLost, time };
  }

  /** Takes in one message from the vehicle; returns true for a position update (the moment to publish a sample). */
  apply(data: MavLinkData): boolean {
    const s = this.sample;
    if (data instanceof minimal.Heartbeat) {
      s.armed = (data.baseMode & minimal.MavModeFlag.SAFETY_ARMED) !== 0;
      this.customMode = data.customMode;
      s.flightMode = copterModeName(data.customMode);
      this.systemStatus = data.systemStatus;
    } else if (data instanceof common.GlobalPositionInt) {
      s.lat = data.lat / 1e7;
      s.lon = data.lon / 1e7;
      s.altAbs = data.alt / 1000;
      s.altRel = data.relativeAlt / 1000;
      s.groundSpeed = Math.hypot(data.vx, data.vy) / 100;
      s.verticalSpeed = -data.vz / 100;
      if (data.hdg !== 65535) s.heading = data.hdg / 100;
      return true;
    } else if (data instanceof common.Attitude) {
      s.roll = (data.roll * 180) / Math.PI;
      s.pitch = (data.pitch * 180) / Math.PI;
    } else if (data instanceof common.VfrHud) {
      s.groundSpeed = data.groundspeed;
      s.verticalSpeed = data.climb;
    } else if (data instanceof common.SysStatus) {
      if (data.voltageBattery !== 65535) s.battery.voltage = data.voltageBattery / 1000;
      if (data.currentBattery !== -1) s.battery.current = data.currentBattery / 100;
      this.setRemaining(data.batteryRemaining);
    } else if (data instanceof common.BatteryStatus) {
      if (data.id !== 0) return false;
      if (data.currentBattery !== -1) s.battery.current = data.currentBattery / 100;
      this.setRemaining(data.batteryRemaining);
    } else if (data instanceof common.GpsRawInt) {
      s.gps = { fix: data.fixType, satellites: data.satellitesVisible === 255 ? 0 : data.satellitesVisible };
    } else if (data instanceof common.HomePosition) {
      this.home = { lat: data.latitude / 1e7, lon: data.longitude / 1e7, altMsl: data.altitude / 1000 };
    }
    return false;
  }

  private setRemaining(remaining: number): void {
    if (remaining < 0) return; // -1: the vehicle doesn't know
    this.batteryRemaining = remaining;
    this.sample.battery.remaining = remaining;
  }
}
