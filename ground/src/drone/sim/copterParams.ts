// What the simulated ArduCopter is set up with, and what it really does (for tests).

/** The ArduCopter parameters the simulator honours, named after them, in SI units. */
export interface CopterParams {
  /** Seconds from boot until the GPS has a 3D fix; arming and GPS modes are refused until then. */
  gpsFixDelayS: number;
  /** RTL_ALT: RTL climbs to this (metres above home) before flying home, if lower. */
  rtlAltitudeM: number;
  /** RTL_LOIT_TIME: hover above home before the final descent. */
  rtlLoiterS: number;
  /** WPNAV_SPEED_UP. */
  climbSpeed: number;
  /** WPNAV_SPEED_DN, and LAND's speed above landSlowBelowM. */
  descentSpeed: number;
  /** LAND_SPEED: the last metres down. */
  landSpeed: number;
  /** LAND_ALT_LOW. */
  landSlowBelowM: number;
  /** WPNAV_SPEED: goto and RTL; changed by MAV_CMD_DO_CHANGE_SPEED. */
  cruiseSpeed: number;
  /** The cap on commanded horizontal velocity. */
  maxSpeed: number;
  /** WPNAV_ACCEL. */
  horizontalAccel: number;
  /** PILOT_ACCEL_Z. */
  verticalAccel: number;
  /** Turn rate for MAV_CMD_CONDITION_YAW without a rate. */
  yawRateDps: number;
  /** GUID_TIMEOUT: a velocity setpoint not renewed within this stops the vehicle. */
  guidedTimeoutS: number;
  /** LAND and RTL disarm this long after touching down. */
  landedDisarmS: number;
  /** DISARM_DELAY: armed on the ground in other modes, it disarms after this. */
  idleDisarmS: number;
  /** A "Battery 1 is low" warning below this charge. */
  lowBatteryPct: number;
}

export const defaultCopterParams: CopterParams = {
  gpsFixDelayS: 3,
  rtlAltitudeM: 15,
  rtlLoiterS: 5,
  climbSpeed: 2.5,
  descentSpeed: 1.5,
  landSpeed: 0.5,
  landSlowBelowM: 10,
  cruiseSpeed: 5,
  maxSpeed: 15,
  horizontalAccel: 2.5,
  verticalAccel: 2.5,
  yawRateDps: 90,
  guidedTimeoutS: 3,
  landedDisarmS: 2,
  idleDisarmS: 10,
  lowBatteryPct: 20,
};

export interface GeoPoint {
  lat: number;
  lon: number;
  /** Metres above mean sea level. */
  altMsl: number;
}

/** The Castelldefels drone field (EETAC), where the original project flew. */
export const defaultHome: GeoPoint = { lat: 41.2757, lon: 1.9881, altMsl: 4 };

/** What the vehicle really does, for tests to check telemetry against. */
export interface VehicleTruth {
  /** Simulated seconds since boot. */
  time: number;
  lat: number;
  lon: number;
  /** Metres above home. */
  altRel: number;
  altMsl: number;
  /** Metres north/east of the boot location. */
  north: number;
  east: number;
  vn: number;
  ve: number;
  /** m/s, positive down (NED). */
  vd: number;
  groundSpeed: number;
  heading: number;
  mode: string;
  armed: boolean;
  landed: boolean;
  gpsFix: boolean;
  home: GeoPoint | undefined;
  battery: { voltage: number; current: number; remaining: number };
}
