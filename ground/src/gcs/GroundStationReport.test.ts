import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { groundStationsSchema, type GroundStations as GroundStationList } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { UdpLink } from '../drone/links/UdpLink.ts';
import { RawGroundStation } from '../drone/testing/RawGroundStation.ts';
import { SimulatedTimers } from '../time/testing/SimulatedTimers.ts';
import { GroundStationReport } from './GroundStationReport.ts';
import { GroundStations } from './GroundStations.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What the SFU is told, and its 'ready' to fire by hand. */
class ScriptedSfu extends EventEmitter<{ ready: [] }> {
  readonly sent: GroundStationList[] = [];
  notify(_event: 'drone:groundStations', list: GroundStationList): void {
    // The contract's schema, as the SFU validates it.
    this.sent.push(groundStationsSchema.parse(list));
  }
}

describe('GroundStationReport', () => {
  it('tells the SFU on joins, leaves and reconnects, and each second while any station is listed, times on the SFU clock', async () => {
    const timers = new SimulatedTimers();
    const stations = await GroundStations.open([{ kind: 'udp', host: '127.0.0.1', port: 0 }], { timers, logger: createLogger('test') });
    cleanups.push(() => stations.close());
    const sfu = new ScriptedSfu();
    const serverEpoch = 1_800_000_000_000;
    const report = new GroundStationReport({ sfu, stations, timers, clock: () => serverEpoch + timers.now() });
    report.start();
    cleanups.push(async () => report.stop());

    // Nobody connected: nothing every second.
    timers.advance(3000);
    expect(sfu.sent).toEqual([]);
    sfu.emit('ready');
    expect(sfu.sent).toEqual([{ stations: [] }]);

    const qgc = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: stations.served[0]!.localPort! }));
    cleanups.push(() => qgc.close());
    qgc.heartbeat();
    await expect.poll(() => sfu.sent.length).toBe(2);
    expect(sfu.sent[1]!.stations).toEqual([
      {
        kind: 'udp',
        address: `127.0.0.1:${(qgc.link as UdpLink).localPort}`,
        since: serverEpoch + 3000,
        lastHeardAt: serverEpoch + 3000,
        linkUp: true,
        packetsIn: 1,
        packetsOut: 0,
        packetsDropped: 0,
        mavlinkIds: ['255/190'],
      },
    ]);
    timers.advance(1000);
    expect(sfu.sent).toHaveLength(3);
    qgc.heartbeat();
    await expect.poll(() => stations.list()[0]!.packetsIn).toBe(2);
    timers.advance(1000);
    expect(sfu.sent[3]!.stations[0]).toMatchObject({ packetsIn: 2, lastHeardAt: serverEpoch + 4000 });
    // Silent for 5 s: it leaves, the list empties, and the reports stop.
    timers.advance(5000);
    expect(sfu.sent.at(-1)).toEqual({ stations: [] });
    const count = sfu.sent.length;
    timers.advance(5000);
    expect(sfu.sent).toHaveLength(count);
  });
});
