import { maxReportedGroundStations, type GroundStations as GroundStationList } from '@dronecast/protocol';
import type { Timer, Timers } from '../time/Timers.ts';
import type { GroundStation } from './GroundStation.ts';

export interface GroundStationReportOptions {
  /** The SFU: the report goes up as a notification, again after every (re)connect. */
  sfu: {
    notify(event: 'drone:groundStations', list: GroundStationList): void;
    on(event: 'ready', listener: () => void): unknown;
  };
  stations: {
    list(): GroundStation[];
    on(event: 'joined' | 'left', listener: (station: GroundStation) => void): unknown;
  };
  timers: Timers;
  /** The SFU's clock, epoch ms: the console's times are in it. */
  clock: () => number;
  /** While any station is listed, how often its counters go up (default 1000 ms). */
  everyMs?: number;
}

/**
 * Tells the SFU, and through it the consoles, which ground stations the agent routes to: when one
 * joins or leaves, after each reconnect, and every second while any is listed (their packet
 * counts and last-heard times move). Nothing is sent every second for nobody.
 */
export class GroundStationReport {
  private timer: Timer | undefined;

  constructor(private readonly options: GroundStationReportOptions) {}

  start(): void {
    const { sfu, stations } = this.options;
    stations.on('joined', () => this.send());
    stations.on('left', () => this.send());
    sfu.on('ready', () => this.send());
    this.tick();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** The list as the contract carries it, times on the SFU's clock. */
  snapshot(): GroundStationList {
    const now = this.options.timers.now();
    const serverNow = this.options.clock();
    const onServerClock = (at: number): number => Math.round(serverNow - (now - at));
    return {
      stations: this.options.stations
        .list()
        .slice(0, maxReportedGroundStations)
        .map((s) => ({
          kind: s.kind,
          address: s.address.slice(0, 80),
          since: onServerClock(s.since),
          lastHeardAt: s.lastHeardAt === undefined ? null : onServerClock(s.lastHeardAt),
          linkUp: s.linkUp,
          packetsIn: s.packetsIn,
          packetsOut: s.packetsOut,
          packetsDropped: s.packetsDropped,
          mavlinkIds: s.mavlinkIds,
        })),
    };
  }

  private send(): void {
    this.options.sfu.notify('drone:groundStations', this.snapshot());
  }

  private tick(): void {
    this.timer = this.options.timers.setTimeout(() => {
      if (this.options.stations.list().length > 0) this.send();
      this.tick();
    }, this.options.everyMs ?? 1000);
  }
}
