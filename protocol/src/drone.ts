import { z } from 'zod';

/** The flight states the original system showed, derived from what the vehicle reports. */
export const droneStates = ['disconnected', 'connected', 'arming', 'armed', 'takingOff', 'flying', 'returning', 'landing'] as const;
export const droneStateSchema = z.enum(droneStates);
export type DroneState = z.infer<typeof droneStateSchema>;

/** The original's 3x3 pad (compass, earth frame) plus body-frame moves. */
export const compassDirections = ['North', 'NorthEast', 'East', 'SouthEast', 'South', 'SouthWest', 'West', 'NorthWest'] as const;
export const bodyDirections = ['Forward', 'Back', 'Left', 'Right', 'Up', 'Down'] as const;
export const directionSchema = z.enum([...compassDirections, 'Stop', ...bodyDirections]);
export type Direction = z.infer<typeof directionSchema>;

export const flightModes = ['STABILIZE', 'GUIDED', 'LOITER', 'LAND', 'RTL'] as const;
export const flightModeSchema = z.enum(flightModes);
export type FlightMode = z.infer<typeof flightModeSchema>;

export const telemetrySchema = z.object({
  state: droneStateSchema,
  /** No heartbeat from the vehicle for a while: every other field is stale. */
  linkLost: z.boolean(),
  lat: z.number(),
  lon: z.number(),
  /** Metres above home. */
  altRel: z.number(),
  /** Metres above mean sea level. */
  altAbs: z.number(),
  groundSpeed: z.number(),
  /** m/s, positive up. */
  verticalSpeed: z.number(),
  /** Degrees 0-360. */
  heading: z.number(),
  /** Attitude from ATTITUDE, degrees: right side down positive, for the artificial horizon. */
  roll: z.number(),
  /** Degrees, nose up positive. */
  pitch: z.number(),
  battery: z.object({ voltage: z.number(), current: z.number(), remaining: z.number() }),
  /** ArduCopter mode name, e.g. GUIDED; "UNKNOWN(n)" for others. */
  flightMode: z.string(),
  armed: z.boolean(),
  gps: z.object({ fix: z.number().int(), satellites: z.number().int() }),
  /** When the ground agent assembled this sample, ms on the SFU's clock. */
  time: z.number(),
});
export type Telemetry = z.infer<typeof telemetrySchema>;

const finite = z.number().finite();
/** One stick axis: a fraction of full deflection, -1 to 1. */
const stickAxis = finite.min(-1).max(1);

/** A stick's maximum turn rate, degrees per second (full left-stick deflection sideways). */
export const stickMaxYawRateDps = 60;

/** Everything a pilot or the console can ask of the drone. */
export const droneCommandSchema = z.discriminatedUnion('type', [
  /** Connect the ground agent to its drone: the configured one, or (console only) this connection string. */
  z.strictObject({ type: z.literal('connect'), connection: z.string().min(3).max(200).optional() }),
  /** Console only. */
  z.strictObject({ type: z.literal('disconnect') }),
  z.strictObject({ type: z.literal('arm') }),
  z.strictObject({ type: z.literal('disarm') }),
  z.strictObject({ type: z.literal('setMode'), mode: flightModeSchema }),
  z.strictObject({ type: z.literal('takeoff'), altitude: finite.min(1, 'take off to at least 1 m').max(100, 'take off to at most 100 m') }),
  z.strictObject({ type: z.literal('go'), direction: directionSchema }),
  /**
   * The virtual sticks (mode 2), sent at least 10 times a second while held (the phone: 12.5) and once at zero on release:
   * forward/right as fractions of the speed setting in the drone's own frame (as seen in the video),
   * up as a fraction of the climb speed, yaw as a fraction of stickMaxYawRateDps (clockwise positive).
   */
  z.strictObject({ type: z.literal('stick'), forward: stickAxis, right: stickAxis, up: stickAxis, yaw: stickAxis }),
  z.strictObject({ type: z.literal('setSpeed'), metersPerSecond: finite.min(0.1).max(15) }),
  z.strictObject({ type: z.literal('heading'), degrees: finite.min(0).max(360) }),
  z.strictObject({ type: z.literal('goto'), lat: finite.min(-90).max(90), lon: finite.min(-180).max(180), alt: finite.min(1).max(500) }),
  z.strictObject({ type: z.literal('land') }),
  z.strictObject({ type: z.literal('rtl') }),
]);
export type DroneCommand = z.infer<typeof droneCommandSchema>;

/** Why a command did not happen, in terms a pilot can act on. */
export const commandFailureReasons = ['timeout', 'denied', 'not-allowed', 'link-down'] as const;
export type CommandFailureReason = (typeof commandFailureReasons)[number];

export type CommandOutcome =
  | { ok: true; message: string }
  | { ok: false; reason: CommandFailureReason; message: string; /** MAV_RESULT name when the vehicle denied it. */ mavResult?: string };

/** 'camera': the ground agent's camera sends something the phones will suffer from (see the README's camera rules). */
export const droneEventTypes = ['tookOff', 'landed', 'armed', 'disarmed', 'linkLost', 'linkRestored', 'lowBattery', 'modeChanged', 'statusText', 'camera'] as const;
export const droneEventSchema = z.object({
  type: z.enum(droneEventTypes),
  message: z.string().max(500),
  time: z.number(),
});
export type DroneEvent = z.infer<typeof droneEventSchema>;

/**
 * Whether a command, once accepted, leaves the drone moving on a pilot's say-so (what the failsafes
 * must stop if that pilot goes away): true for go/goto, false for Stop and for commands after
 * which nothing moves on the pilot's account (landing and RTL fly themselves), undefined when
 * the command changes nothing about it.
 */
export function leavesDroneMoving(command: DroneCommand): boolean | undefined {
  switch (command.type) {
    case 'go':
      return command.direction !== 'Stop';
    case 'stick':
      return !stickCentred(command);
    case 'goto':
      return true;
    case 'land':
    case 'rtl':
    case 'disarm':
    case 'disconnect':
      return false;
    default:
      return undefined;
  }
}

export type StickCommand = Extract<DroneCommand, { type: 'stick' }>;
/** The four stick axes, -1..1. */
export type StickAxes = Omit<StickCommand, 'type'>;

/** Both sticks let go: the drone should hold where it is. */
export function stickCentred(stick: StickAxes): boolean {
  return stick.forward === 0 && stick.right === 0 && stick.up === 0 && stick.yaw === 0;
}
