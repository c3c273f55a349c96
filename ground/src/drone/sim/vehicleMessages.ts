import { ardupilotmega, common, minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { CopterAutopilot } from './CopterAutopilot.ts';

const Mode = ardupilotmega.CopterMode;
const Sensor = common.MavSysStatusSensor;
const sensorsPresent =
  Sensor.SENSOR_3D_GYRO | Sensor.SENSOR_3D_ACCEL | Sensor.SENSOR_3D_MAG | Sensor.SENSOR_ABSOLUTE_PRESSURE | Sensor.SENSOR_GPS |
  Sensor.SENSOR_ANGULAR_RATE_CONTROL | Sensor.SENSOR_ATTITUDE_STABILIZATION | Sensor.SENSOR_YAW_POSITION |
  Sensor.SENSOR_Z_ALTITUDE_CONTROL | Sensor.SENSOR_XY_POSITION_CONTROL | Sensor.SENSOR_MOTOR_OUTPUTS | Sensor.AHRS | Sensor.SENSOR_BATTERY;

const e7 = (degrees: number): number => Math.round(degrees * 1e7);
const bootMs = (ap: CopterAutopilot): number => Math.floor(ap.time * 1000) >>> 0;
const clampInt16 = (value: number): number => Math.max(-32768, Math.min(32767, Math.round(value)));

export function heartbeat(ap: CopterAutopilot): minimal.Heartbeat {
  const m = new minimal.Heartbeat();
  m.type = minimal.MavType.QUADROTOR;
  m.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
  // The flags ArduCopter sets: custom mode always, manual throttle in STABILIZE, "guided" in the autopilot-flown modes.
  let base = minimal.MavModeFlag.CUSTOM_MODE_ENABLED | minimal.MavModeFlag.STABILIZE_ENABLED;
  if (ap.mode === Mode.STABILIZE) base |= minimal.MavModeFlag.MANUAL_INPUT_ENABLED;
  if (ap.mode === Mode.GUIDED || ap.mode === Mode.RTL || ap.mode === Mode.LAND) base |= minimal.MavModeFlag.GUIDED_ENABLED;
  if (ap.armed) base |= minimal.MavModeFlag.SAFETY_ARMED;
  m.baseMode = base;
  m.customMode = ap.mode;
  // ArduCopter reports STANDBY while landed (armed or not) and ACTIVE in the air.
  m.systemStatus = ap.armed && !ap.landed ? minimal.MavState.ACTIVE : minimal.MavState.STANDBY;
  m.mavlinkVersion = 3;
  return m;
}

export function globalPositionInt(ap: CopterAutopilot): common.GlobalPositionInt {
  const m = new common.GlobalPositionInt();
  const k = ap.kinematics;
  const p = ap.position;
  m.timeBootMs = bootMs(ap);
  // Like ArduPilot before the EKF has an origin: no horizontal position, only the barometer's altitude.
  m.lat = ap.gpsFix ? e7(p.lat) : 0;
  m.lon = ap.gpsFix ? e7(p.lon) : 0;
  m.alt = Math.round(p.altMsl * 1000);
  m.relativeAlt = Math.round(ap.altRel * 1000);
  m.vx = clampInt16(k.vn * 100);
  m.vy = clampInt16(k.ve * 100);
  m.vz = clampInt16(k.vd * 100);
  m.hdg = Math.round(k.yaw * 100) % 36000;
  return m;
}

export function vfrHud(ap: CopterAutopilot): common.VfrHud {
  const m = new common.VfrHud();
  const k = ap.kinematics;
  m.airspeed = k.groundSpeed; // no wind
  m.groundspeed = k.groundSpeed;
  m.heading = Math.round(k.yaw) % 360;
  m.throttle = ap.throttle;
  m.alt = ap.position.altMsl;
  m.climb = -k.vd;
  return m;
}

export function sysStatus(ap: CopterAutopilot): common.SysStatus {
  const m = new common.SysStatus();
  const healthy = ap.gpsFix ? sensorsPresent | Sensor.PREARM_CHECK : sensorsPresent & ~Sensor.SENSOR_GPS;
  m.onboardControlSensorsPresent = sensorsPresent | Sensor.PREARM_CHECK;
  m.onboardControlSensorsEnabled = sensorsPresent | Sensor.PREARM_CHECK;
  m.onboardControlSensorsHealth = healthy;
  m.load = 250;
  m.voltageBattery = Math.round(ap.battery.voltage * 1000);
  m.currentBattery = Math.round(ap.battery.current * 100);
  m.batteryRemaining = Math.round(ap.battery.remainingPct);
  return m;
}

export function batteryStatus(ap: CopterAutopilot): common.BatteryStatus {
  const m = new common.BatteryStatus();
  const b = ap.battery;
  m.id = 0;
  m.batteryFunction = common.MavBatteryFunction.ALL;
  m.type = common.MavBatteryType.LIPO;
  m.temperature = 32767; // unknown
  // Cell 0 carries the pack voltage and the rest say "not present", as ArduPilot does without cell monitoring.
  m.voltages = [Math.round(b.voltage * 1000), ...Array<number>(9).fill(65535)];
  m.currentBattery = Math.round(b.current * 100);
  m.currentConsumed = Math.round(b.consumedMah);
  m.energyConsumed = Math.round(b.consumedWh * 36); // hectojoules
  m.batteryRemaining = Math.round(b.remainingPct);
  m.timeRemaining = b.current > 0 ? Math.round(((b.capacityMah - b.consumedMah) / 1000 / b.current) * 3600) : 0;
  m.chargeState = b.remainingPct < 20 ? common.MavBatteryChargeState.LOW : common.MavBatteryChargeState.OK;
  m.voltagesExt = [0, 0, 0, 0];
  return m;
}

export function attitude(ap: CopterAutopilot): common.Attitude {
  const m = new common.Attitude();
  const k = ap.kinematics;
  const rad = Math.PI / 180;
  m.timeBootMs = bootMs(ap);
  m.roll = k.roll;
  m.pitch = k.pitch;
  m.yaw = (k.yaw > 180 ? k.yaw - 360 : k.yaw) * rad;
  m.rollspeed = 0;
  m.pitchspeed = 0;
  m.yawspeed = k.yawRate * rad;
  return m;
}

export function gpsRawInt(ap: CopterAutopilot): common.GpsRawInt {
  const m = new common.GpsRawInt();
  const k = ap.kinematics;
  const p = ap.position;
  m.timeUsec = BigInt(Math.floor(ap.time * 1e6));
  m.fixType = ap.gpsFix ? common.GpsFixType.GPS_FIX_TYPE_3D_FIX : common.GpsFixType.NO_FIX;
  m.lat = ap.gpsFix ? e7(p.lat) : 0;
  m.lon = ap.gpsFix ? e7(p.lon) : 0;
  m.alt = ap.gpsFix ? Math.round(p.altMsl * 1000) : 0;
  m.eph = ap.gpsFix ? 70 : 9999;
  m.epv = ap.gpsFix ? 110 : 9999;
  m.vel = Math.round(k.groundSpeed * 100);
  m.cog = k.groundSpeed > 0.2 ? Math.round(((Math.atan2(k.ve, k.vn) * 180) / Math.PI + 360) % 360 * 100) : 0;
  m.satellitesVisible = ap.gpsFix ? 14 : 3;
  m.altEllipsoid = 0;
  m.hAcc = 0;
  m.vAcc = 0;
  m.velAcc = 0;
  m.hdgAcc = 0;
  m.yaw = 0;
  return m;
}

export function homePosition(ap: CopterAutopilot): common.HomePosition | undefined {
  const home = ap.home;
  const local = ap.homeLocal;
  if (!home || !local) return undefined;
  const m = new common.HomePosition();
  m.latitude = e7(home.lat);
  m.longitude = e7(home.lon);
  m.altitude = Math.round(home.altMsl * 1000);
  m.x = local.north;
  m.y = local.east;
  m.z = local.down;
  m.q = [1, 0, 0, 0];
  m.approachX = 0;
  m.approachY = 0;
  m.approachZ = 0;
  m.timeUsec = BigInt(Math.floor(ap.time * 1e6));
  return m;
}

export function statusText(severity: common.MavSeverity, text: string): common.StatusText {
  const m = new common.StatusText();
  m.severity = severity;
  m.text = text.slice(0, 50); // the field's size; longer texts would need chunking
  m.id = 0;
  m.chunkSeq = 0;
  return m;
}

export function commandAck(command: number, result: common.MavResult, targetSystem: number, targetComponent: number): common.CommandAck {
  const m = new common.CommandAck();
  m.command = command;
  m.result = result;
  m.progress = 0;
  m.resultParam2 = 0;
  m.targetSystem = targetSystem;
  m.targetComponent = targetComponent;
  return m;
}

/** The messages the simulator can stream or send on request, by id. */
export const vehicleMessageBuilders: ReadonlyMap<number, (ap: CopterAutopilot) => MavLinkData | undefined> = new Map<number, (ap: CopterAutopilot) => MavLinkData | undefined>([
  [minimal.Heartbeat.MSG_ID, heartbeat],
  [common.SysStatus.MSG_ID, sysStatus],
  [common.GpsRawInt.MSG_ID, gpsRawInt],
  [common.Attitude.MSG_ID, attitude],
  [common.GlobalPositionInt.MSG_ID, globalPositionInt],
  [common.VfrHud.MSG_ID, vfrHud],
  [common.BatteryStatus.MSG_ID, batteryStatus],
  [common.HomePosition.MSG_ID, homePosition],
]);

/** Rates with nobody asking (Hz); ground stations raise them with MAV_CMD_SET_MESSAGE_INTERVAL. */
export const defaultMessageRates: ReadonlyMap<number, number> = new Map([
  [minimal.Heartbeat.MSG_ID, 1],
  [common.SysStatus.MSG_ID, 1],
  [common.GpsRawInt.MSG_ID, 1],
  [common.Attitude.MSG_ID, 4],
  [common.GlobalPositionInt.MSG_ID, 2],
  [common.VfrHud.MSG_ID, 2],
  [common.BatteryStatus.MSG_ID, 1],
]);
