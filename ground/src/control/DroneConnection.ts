import { EventEmitter } from 'node:events';
import type { CommandOutcome, DroneEvent, DroneState, Logger, Telemetry } from '@dronecast/protocol';
import type { DroneLink } from '../drone/DroneLinkTypes.ts';

export type DroneLinkFactory = (connection: string) => DroneLink;

export interface DroneConnectionEvents {
  telemetry: [Telemetry];
  event: [DroneEvent];
  state: [DroneState];
}

/**
 * The ground agent's current drone link, if any: connects on request (to the configured drone or
 * a connection string from the console), and forwards the link's telemetry and events.
 */
export class DroneConnection extends EventEmitter<DroneConnectionEvents> {
  private current: DroneLink | undefined;
  private readonly forwardTelemetry = (t: Telemetry): void => void this.emit('telemetry', t);
  private readonly forwardEvent = (e: DroneEvent): void => void this.emit('event', e);
  private readonly forwardState = (s: DroneState): void => void this.emit('state', s);

  constructor(
    private readonly createLink: DroneLinkFactory,
    private readonly defaultConnection: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  get link(): DroneLink | undefined {
    return this.current;
  }

  async connect(connection = this.defaultConnection): Promise<CommandOutcome> {
    if (this.current?.connection === connection && this.current.state !== 'disconnected') {
      return { ok: true, message: `already connected to ${connection}` };
    }
    await this.disconnect();
    let link: DroneLink;
    try {
      link = this.createLink(connection);
    } catch (error) {
      return { ok: false, reason: 'not-allowed', message: (error as Error).message };
    }
    link.on('telemetry', this.forwardTelemetry);
    link.on('event', this.forwardEvent);
    link.on('state', this.forwardState);
    this.current = link;
    try {
      await link.connect();
    } catch (error) {
      this.logger.warn(`drone connection ${connection} failed: ${(error as Error).message}`);
      await this.disconnect();
      return { ok: false, reason: 'link-down', message: (error as Error).message };
    }
    this.logger.info(`connected to the drone at ${connection}`);
    return { ok: true, message: `connected to ${connection}` };
  }

  async disconnect(): Promise<CommandOutcome> {
    const link = this.current;
    if (!link) return { ok: true, message: 'not connected' };
    this.current = undefined;
    link.off('telemetry', this.forwardTelemetry);
    link.off('event', this.forwardEvent);
    link.off('state', this.forwardState);
    await link.close();
    this.emit('state', 'disconnected');
    return { ok: true, message: `disconnected from ${link.connection}` };
  }
}
