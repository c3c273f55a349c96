import { EventEmitter } from 'node:events';
import type { Logger } from '@dronecast/protocol';
import { UdpLink, type UdpPeer } from '../drone/links/UdpLink.ts';
import type { Timers } from '../time/Timers.ts';
import { GroundStation, type GroundStationLimits } from './GroundStation.ts';
import type { GroundStationConnection } from './groundStationSpec.ts';

export interface UdpGroundStationServerOptions {
  connection: Extract<GroundStationConnection, { kind: 'udp' }>;
  timers: Timers;
  logger: Logger;
  /** A sender silent this long is forgotten (default 5000 ms; ground stations send a heartbeat a second). */
  forgetAfterMs?: number;
  /** Senders served at once (default 16); more are ignored until one is forgotten. */
  maxStations?: number;
  limits?: GroundStationLimits;
}

export interface GroundStationSetEvents {
  joined: [GroundStation];
  left: [GroundStation];
}

/**
 * "udp:HOST:PORT", QGroundControl's own kind of link: stations send to our port and each sender
 * that sent a valid MAVLink packet is served as a ground station of its own (answered at its
 * address, its bytes parsed on their own), until it has been silent a few seconds. A sender of
 * nothing but garbage is never served, so a forged source address gets no telemetry sent to it.
 */
export class UdpGroundStationServer extends EventEmitter<GroundStationSetEvents> {
  private readonly link: UdpLink;
  private readonly stations = new Map<string, GroundStation>();
  private readonly forgetAfterMs: number;
  private readonly maxStations: number;
  private sweep: { cancel(): void } | undefined;
  private refusedLogged = false;

  constructor(private readonly options: UdpGroundStationServerOptions) {
    super();
    const { host, port } = options.connection;
    this.link = new UdpLink({ mode: 'udp', host, port });
    this.forgetAfterMs = options.forgetAfterMs ?? 5000;
    this.maxStations = options.maxStations ?? 16;
    this.link.on('error', (error) => options.logger.warn(`${this.link.description}: ${error.message}`));
    this.link.onDatagram((bytes, from) => this.datagram(bytes, from));
  }

  get description(): string {
    return this.link.description;
  }

  /** The port bound (the free one picked for port 0). */
  get localPort(): number | undefined {
    return this.link.localPort;
  }

  list(): GroundStation[] {
    return [...this.stations.values()];
  }

  /** Binds; rejects with a clear error (the port is taken). */
  async open(): Promise<void> {
    await this.link.open();
    this.scheduleSweep();
  }

  async close(): Promise<void> {
    this.sweep?.cancel();
    this.sweep = undefined;
    for (const station of this.stations.values()) station.close();
    this.stations.clear();
    await this.link.close();
  }

  private datagram(bytes: Buffer, from: UdpPeer): void {
    const key = `${from.address}:${from.port}`;
    const known = this.stations.get(key);
    if (known) {
      known.receiveDatagram(bytes);
      return;
    }
    if (this.stations.size >= this.maxStations) {
      if (!this.refusedLogged) this.options.logger.warn(`${this.description}: already serving ${this.maxStations} ground stations; ignoring ${key} and any others`);
      this.refusedLogged = true;
      return;
    }
    const station = new GroundStation({
      kind: 'udp',
      address: key,
      write: (frame) => {
        this.link.sendTo(frame, from);
        return true;
      },
      timers: this.options.timers,
      limits: this.options.limits,
    });
    // Frames come out of receive() at once: whether this datagram held one is known now.
    station.receive(bytes);
    if (station.lastHeardAt === undefined) {
      station.close();
      return;
    }
    this.stations.set(key, station);
    this.options.logger.info(`ground station ${key} joined on ${this.description} (MAVLink ${station.mavlinkIds.join(', ') || 'ids not yet known'})`);
    this.emit('joined', station);
  }

  private scheduleSweep(): void {
    this.sweep = this.options.timers.setTimeout(() => {
      this.forgetSilent();
      this.scheduleSweep();
    }, Math.min(1000, this.forgetAfterMs));
  }

  private forgetSilent(): void {
    const now = this.options.timers.now();
    for (const [key, station] of this.stations) {
      if (now - (station.lastHeardAt ?? station.since) < this.forgetAfterMs) continue;
      this.stations.delete(key);
      this.refusedLogged = false;
      this.options.logger.info(`ground station ${key} left (silent for ${this.forgetAfterMs / 1000} s)`);
      station.close();
      this.emit('left', station);
    }
  }
}
