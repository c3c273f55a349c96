import { EventEmitter } from 'node:events';
import type { Logger } from '@dronecast/protocol';
import type { MavlinkFrame } from '../drone/mavlink/MavlinkFrame.ts';
import type { Timers } from '../time/Timers.ts';
import { DialedGroundStation } from './DialedGroundStation.ts';
import type { GroundStation, GroundStationLimits } from './GroundStation.ts';
import type { GroundStationConnection } from './groundStationSpec.ts';
import { UdpGroundStationServer } from './UdpGroundStationServer.ts';

export interface GroundStationsOptions {
  timers: Timers;
  logger: Logger;
  limits?: GroundStationLimits;
  /** UDP senders silent this long are forgotten (default 5000 ms). */
  forgetAfterMs?: number;
}

export interface GroundStationsEvents {
  joined: [GroundStation];
  left: [GroundStation];
  /** A frame from any of them. */
  frame: [MavlinkFrame, GroundStation];
}

type Endpoint = UdpGroundStationServer | DialedGroundStation;

/** Every ground station the agent serves (--gcs): the senders to its UDP ports, and those it sends to or dials. */
export class GroundStations extends EventEmitter<GroundStationsEvents> {
  private constructor(private readonly endpoints: Endpoint[]) {
    super();
    for (const endpoint of endpoints) {
      if (endpoint instanceof DialedGroundStation) {
        this.follow(endpoint.station);
        continue;
      }
      endpoint.on('joined', (station) => {
        this.follow(station);
        this.emit('joined', station);
      });
      endpoint.on('left', (station) => this.emit('left', station));
    }
  }

  /** Opens every endpoint; if one cannot (a port taken), closes the others and rejects with its reason. */
  static async open(connections: readonly GroundStationConnection[], options: GroundStationsOptions): Promise<GroundStations> {
    const endpoints: Endpoint[] = connections.map((connection) =>
      connection.kind === 'udp'
        ? new UdpGroundStationServer({ connection, timers: options.timers, logger: options.logger, limits: options.limits, forgetAfterMs: options.forgetAfterMs })
        : new DialedGroundStation({ connection, timers: options.timers, logger: options.logger, limits: options.limits }),
    );
    const opened: Endpoint[] = [];
    try {
      for (const endpoint of endpoints) {
        await endpoint.open();
        opened.push(endpoint);
      }
    } catch (error) {
      await Promise.all(opened.map((e) => e.close()));
      throw error;
    }
    for (const endpoint of endpoints) options.logger.info(`serving ground stations on ${endpoint.description}`);
    return new GroundStations(endpoints);
  }

  /** What each --gcs opened, with the real port of a port 0 (tests, logs). */
  get served(): { description: string; localPort: number | undefined }[] {
    return this.endpoints.map((e) => ({ description: e.description, localPort: e.localPort }));
  }

  list(): GroundStation[] {
    return this.endpoints.flatMap((e) => (e instanceof DialedGroundStation ? [e.station] : e.list()));
  }

  async close(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.close()));
    this.removeAllListeners();
  }

  private follow(station: GroundStation): void {
    station.on('frame', (frame) => this.emit('frame', frame, station));
  }
}
