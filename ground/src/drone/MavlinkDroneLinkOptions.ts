import type { Logger } from '@dronecast/protocol';
import type { Timers } from '../time/Timers.ts';
import type { VehicleChannel } from './VehicleChannel.ts';

export interface DroneLinkTiming {
  /** Our GCS heartbeat period (default 1000 ms). */
  heartbeatMs: number;
  /** No vehicle heartbeat for this long = link lost (default 3000 ms). */
  linkLostMs: number;
  /** Wait for COMMAND_ACK per attempt; commands are sent at most twice (default 1500 ms). */
  commandTimeoutMs: number;
  /** After an accepted arm/disarm/mode change, how long to wait for the heartbeat to show it (default 3000 ms). */
  confirmMs: number;
  /** go() resends its velocity setpoint this often (default 1000 ms; ArduCopter forgets it after 3 s). */
  setpointResendMs: number;
  /**
   * A held stick not renewed for this long is let go by the agent itself (default 1000 ms; the
   * phone resends a held stick 12.5 times a second): a stalled phone or path must not leave the drone flying a stick.
   */
  stickHoldMs: number;
}

export interface MavlinkDroneLinkOptions {
  /** udp:HOST:PORT, udpout:HOST:PORT, tcp:HOST:PORT or serial:PATH:BAUD. */
  connection: string;
  logger?: Logger;
  /** Stamps telemetry and events, ms (default Date.now; the ground agent passes the SFU's clock). */
  clock?: () => number;
  /** go() speed for the compass points and body moves, m/s (default 1; setSpeed changes it). */
  horizontalSpeed?: number;
  /** go() speed for Up and Down, m/s (default 0.5). */
  verticalSpeed?: number;
  /** Rate requested for each telemetry message (default 4 Hz). */
  telemetryHz?: number;
  timing?: Partial<DroneLinkTiming>;
  /**
   * Called as each message's bytes are handed to the transport (the control-latency benchmark's
   * start mark). `command` names the MAV_CMD of a COMMAND_LONG.
   */
  onWrite?: (sent: { message: string; command?: number; time: number }) => void;
  /** Clock and timeouts for the stick hold (tests pass SimulatedTimers). */
  timers?: Timers;
  /** Shares each channel to the vehicle with ground stations, from connect to close (the --gcs router). */
  router?: VehicleRouter;
}

/** What the link needs of a MAVLink router: take the vehicle's channel, and give it back (the function returned). */
export interface VehicleRouter {
  attachVehicle(channel: VehicleChannel): () => void;
}

export const defaultTiming: DroneLinkTiming = { heartbeatMs: 1000, linkLostMs: 3000, commandTimeoutMs: 1500, confirmMs: 3000, setpointResendMs: 1000, stickHoldMs: 1000 };
