import { EventEmitter } from 'node:events';
import { minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { Logger } from '@dronecast/protocol';
import type { Target } from './gcsMessages.ts';
import type { ByteLink } from './links/ByteLink.ts';
import type { Connection } from './links/connectionString.ts';
import { createLink } from './links/createLink.ts';
import { MavlinkDecoder } from './mavlink/MavlinkDecoder.ts';
import type { MavlinkFrame } from './mavlink/MavlinkFrame.ts';
import { MavlinkEncoder } from './mavlink/MavlinkEncoder.ts';

export interface VehicleChannelEvents {
  /** Every frame the link delivers: the vehicle's, and anything else on it (a gimbal, another radio's ground station). */
  frame: [MavlinkFrame];
}

/** Other ground stations, gimbals and cameras send heartbeats too; only an autopilot's says "vehicle". */
export function isVehicleHeartbeat(data: MavLinkData): data is minimal.Heartbeat {
  return data instanceof minimal.Heartbeat && data.autopilot !== minimal.MavAutopilot.INVALID && data.type !== minimal.MavType.GCS;
}

/**
 * The byte link to one vehicle, spoken in MAVLink: frames in, the agent's own messages out (with
 * its address and its sequence numbers), and other stations' frames out exactly as they came.
 * Knows which system on the link is the vehicle: the first autopilot that sends a heartbeat.
 */
export class VehicleChannel extends EventEmitter<VehicleChannelEvents> {
  private readonly link: ByteLink;
  private readonly decoder = new MavlinkDecoder();
  private readonly encoder: MavlinkEncoder;
  private vehicleId: Target | undefined;
  private closing = false;

  constructor(
    connection: Connection,
    /** The agent's own address (see agentIdentity). */
    readonly identity: Target,
    private readonly logger: Logger,
  ) {
    super();
    this.encoder = new MavlinkEncoder(identity.system, identity.component);
    this.link = createLink(connection);
    this.link.on('data', (bytes) => this.decoder.push(bytes));
    this.link.on('error', (error) => this.logger.warn(`${this.link.description}: ${error.message}`));
    this.link.on('close', () => {
      if (!this.closing) this.logger.warn(`${this.link.description} closed`);
    });
    this.decoder.on('frame', (frame) => this.receive(frame));
  }

  get description(): string {
    return this.link.description;
  }

  /** The vehicle's address, once its first heartbeat came. */
  get vehicle(): Target | undefined {
    return this.vehicleId;
  }

  /** Binds, connects or opens the device; rejects with a clear error. */
  open(): Promise<void> {
    return this.link.open();
  }

  /** One of the agent's own messages. */
  send(message: MavLinkData): void {
    if (!this.closing) this.link.write(this.encoder.encode(message));
  }

  /** Another station's frame, as it came (a ground station's, through the router). */
  forward(frame: Buffer): void {
    if (!this.closing) this.link.write(frame);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.decoder.close();
    this.removeAllListeners();
    await this.link.close();
  }

  private receive(frame: MavlinkFrame): void {
    if (!this.vehicleId && frame.message && isVehicleHeartbeat(frame.message.data)) this.vehicleId = { system: frame.sysid, component: frame.compid };
    this.emit('frame', frame);
  }
}
