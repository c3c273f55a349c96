import type { GroundStations } from '@dronecast/protocol';

const none: GroundStations = { stations: [] };

/**
 * The MAVLink ground stations (QGroundControl beside the phones) the drone's ground agent routes
 * to, as it last reported them. For consoles only: their LAN addresses are the operator's
 * business. Empty while the agent is away, since nobody can know then.
 */
export class DroneGroundStations {
  private list: GroundStations = none;

  constructor(private readonly announce: (list: GroundStations) => void) {}

  get current(): GroundStations {
    return this.list;
  }

  /** From the agent: its list is the truth. */
  reported(list: GroundStations): void {
    this.list = list;
    this.announce(list);
  }

  agentLeft(): void {
    if (this.list.stations.length > 0) this.reported(none);
  }
}
