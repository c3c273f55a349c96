import type { GroundStation, GroundStationKind } from '@dronecast/protocol';

export interface GroundStationRow {
  /** Stable across reports: how it is reached and where. */
  key: string;
  kind: GroundStationKind;
  /** "UDP (it sends to us)", ... */
  kindName: string;
  address: string;
  /** "MAVLink 255/190", or what stands in for it before it has sent anything. */
  name: string;
  /** "heard 0.4 s ago", "not heard yet", "connecting…". */
  heard: string;
  /** Heard in the last 3 s (a station sends a heartbeat a second). */
  live: boolean;
  /** "1,204 in · 5,310 out". */
  packets: string;
  /** "120 dropped (sent faster than the drone link takes)", or null. */
  dropped: string | null;
}

export const groundStationKindNames: Record<GroundStationKind, string> = {
  udp: 'UDP, it sends to us',
  udpout: 'UDP, we send to it',
  tcp: 'TCP, we connect to it',
};

const count = (n: number): string => n.toLocaleString('en');

function heardText(station: GroundStation, now: number): string {
  if (!station.linkUp) return 'connecting…';
  if (station.lastHeardAt === null) return 'not heard yet';
  const seconds = Math.max(0, now - station.lastHeardAt) / 1000;
  return seconds < 10 ? `heard ${seconds.toFixed(1)} s ago` : `heard ${Math.round(seconds)} s ago`;
}

/** The console's rows for the ground stations; `now` on the server's clock, like the report's times. */
export function groundStationRows(stations: readonly GroundStation[], now: number): GroundStationRow[] {
  return stations.map((station) => ({
    key: `${station.kind} ${station.address}`,
    kind: station.kind,
    kindName: groundStationKindNames[station.kind],
    address: station.address,
    name: station.mavlinkIds.length > 0 ? `MAVLink ${station.mavlinkIds.join(', ')}` : 'MAVLink station',
    heard: heardText(station, now),
    live: station.linkUp && station.lastHeardAt !== null && now - station.lastHeardAt < 3000,
    packets: `${count(station.packetsIn)} in · ${count(station.packetsOut)} out`,
    dropped: station.packetsDropped > 0 ? `${count(station.packetsDropped)} dropped (sent faster than the drone link takes)` : null,
  }));
}
