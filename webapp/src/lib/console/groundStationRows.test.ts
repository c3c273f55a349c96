import { describe, expect, it } from 'vitest';
import type { GroundStation } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import { ConnectedGroundStations } from './ConnectedGroundStations.ts';
import { groundStationRows } from './groundStationRows.ts';

const now = 1_800_000_100_000;
const qgc: GroundStation = {
  kind: 'udp',
  address: '192.168.1.20:14550',
  since: now - 60_000,
  lastHeardAt: now - 400,
  linkUp: true,
  packetsIn: 1204,
  packetsOut: 53_100,
  packetsDropped: 0,
  mavlinkIds: ['255/190'],
};
const listening: GroundStation = { ...qgc, kind: 'udpout', address: '192.168.1.30:14550', lastHeardAt: null, packetsIn: 0, mavlinkIds: [] };
const mavproxy: GroundStation = { ...qgc, kind: 'tcp', address: '10.0.0.5:5760', linkUp: false, lastHeardAt: now - 30_000, mavlinkIds: ['255/0'] };
const flooding: GroundStation = { ...qgc, address: '192.168.1.66:40000', lastHeardAt: now - 5_000, packetsDropped: 12_208, mavlinkIds: ['200/1'] };

describe('the ground stations on the console', () => {
  it('says for each how it is reached, whether it is heard, and its packets', () => {
    expect(groundStationRows([qgc, listening, mavproxy, flooding], now)).toEqual([
      {
        key: 'udp 192.168.1.20:14550',
        kind: 'udp',
        kindName: 'UDP, it sends to us',
        address: '192.168.1.20:14550',
        name: 'MAVLink 255/190',
        heard: 'heard 0.4 s ago',
        live: true,
        packets: '1,204 in · 53,100 out',
        dropped: null,
      },
      expect.objectContaining({ kindName: 'UDP, we send to it', name: 'MAVLink station', heard: 'not heard yet', live: false, packets: '0 in · 53,100 out' }),
      expect.objectContaining({ kindName: 'TCP, we connect to it', heard: 'connecting…', live: false }),
      expect.objectContaining({ heard: 'heard 5.0 s ago', live: false, dropped: '12,208 dropped (sent faster than the drone link takes)' }),
    ]);
  });

  it("follows the server's list", () => {
    const signaling = new ScriptedSignaling();
    const stations = new ConnectedGroundStations(signaling);
    expect(stations.stations.value).toEqual([]);
    signaling.emit('drone:groundStations', { stations: [qgc] });
    expect(stations.stations.value).toEqual([qgc]);
    stations.close();
    expect(signaling.listenerCount('drone:groundStations')).toBe(0);
  });
});
