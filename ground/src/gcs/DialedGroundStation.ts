import type { Logger } from '@dronecast/protocol';
import type { ByteLink } from '../drone/links/ByteLink.ts';
import { TcpClientLink } from '../drone/links/TcpClientLink.ts';
import { UdpLink } from '../drone/links/UdpLink.ts';
import type { Timers } from '../time/Timers.ts';
import { GroundStation, type GroundStationLimits } from './GroundStation.ts';
import type { GroundStationConnection } from './groundStationSpec.ts';

export interface DialedGroundStationOptions {
  connection: Extract<GroundStationConnection, { kind: 'udpout' | 'tcp' }>;
  timers: Timers;
  logger: Logger;
  limits?: GroundStationLimits;
  /** tcp: a station not reading loses what is past this much unsent (default 256 KiB, a couple of seconds of telemetry). */
  maxBufferedBytes?: number;
}

/**
 * "udpout:" and "tcp:": one ground station at a fixed address, served from the start (the vehicle's
 * heartbeats are how a listening QGroundControl finds it). TCP is redialed until the station
 * answers, and loses writes rather than queueing them while the station does not read.
 */
export class DialedGroundStation {
  readonly station: GroundStation;
  private readonly link: ByteLink;

  constructor(private readonly options: DialedGroundStationOptions) {
    const { connection, timers, logger } = options;
    const address = `${connection.host}:${connection.port}`;
    if (connection.kind === 'tcp') {
      const tcp = new TcpClientLink({ host: connection.host, port: connection.port, keepDialing: true, maxBufferedBytes: options.maxBufferedBytes ?? 256 * 1024 });
      this.link = tcp;
      this.station = new GroundStation({
        kind: 'tcp',
        address,
        write: (frame) => {
          const dropped = tcp.droppedWrites;
          tcp.write(frame);
          return tcp.isConnected && tcp.droppedWrites === dropped;
        },
        linkUp: () => tcp.isConnected,
        timers,
        limits: options.limits,
      });
    } else {
      const udp = new UdpLink({ mode: 'udpout', host: connection.host, port: connection.port });
      this.link = udp;
      this.station = new GroundStation({
        kind: 'udpout',
        address,
        write: (frame) => {
          udp.write(frame);
          return true;
        },
        timers,
        limits: options.limits,
      });
    }
    this.link.on('data', (bytes) => this.station.receive(bytes));
    this.link.on('error', (error) => {
      const where = error.message.startsWith(this.link.description) ? '' : `${this.link.description}: `;
      logger.warn(`ground station ${where}${error.message}`);
    });
  }

  get description(): string {
    return this.link.description;
  }

  /** For udpout, the port replies come back to (ours). */
  get localPort(): number | undefined {
    return this.link instanceof UdpLink ? this.link.localPort : undefined;
  }

  open(): Promise<void> {
    return this.link.open();
  }

  async close(): Promise<void> {
    this.station.close();
    await this.link.close();
  }
}
