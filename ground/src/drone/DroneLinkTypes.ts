import type { EventEmitter } from 'node:events';
import type { CommandOutcome, Direction, DroneEvent, DroneState, FlightMode, StickAxes, Telemetry } from '@dronecast/protocol';

export interface DroneLinkEvents {
  /** A fresh telemetry sample (at least 4 Hz while the link is up). */
  telemetry: [Telemetry];
  state: [DroneState];
  event: [DroneEvent];
}

/**
 * The ground agent's connection to one vehicle over MAVLink 2. Every command resolves (never
 * rejects) with the vehicle's answer or a reason: timeout, denied (with the MAV_RESULT),
 * not-allowed in the current state, or link-down.
 */
export interface DroneLink extends EventEmitter<DroneLinkEvents> {
  /** e.g. "udpout:127.0.0.1:14550". */
  readonly connection: string;
  readonly telemetry: Telemetry;
  readonly state: DroneState;
  /** Opens the transport and waits for the first HEARTBEAT (rejects with a clear error on timeout or a bad connection string). */
  connect(timeoutMs?: number): Promise<void>;
  /** Stops any movement it started, then closes the transport. */
  close(): Promise<void>;
  arm(): Promise<CommandOutcome>;
  disarm(): Promise<CommandOutcome>;
  setMode(mode: FlightMode): Promise<CommandOutcome>;
  takeoff(altitudeM: number): Promise<CommandOutcome>;
  /** Starts moving at the configured speed (velocity setpoints resent each second) or, for Stop, hovers. */
  go(direction: Direction): Promise<CommandOutcome>;
  /** The virtual sticks (body-frame velocity and yaw rate), renewed while held; centred, a Stop. */
  stick(axes: StickAxes): Promise<CommandOutcome>;
  setSpeed(metersPerSecond: number): Promise<CommandOutcome>;
  changeHeading(degrees: number): Promise<CommandOutcome>;
  goto(lat: number, lon: number, altRelM: number): Promise<CommandOutcome>;
  land(): Promise<CommandOutcome>;
  rtl(): Promise<CommandOutcome>;
}
