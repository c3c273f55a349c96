import dgram from 'node:dgram';
import { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@dronecast/runtime';
import { UdpLink } from '../drone/links/UdpLink.ts';
import { MavlinkEncoder } from '../drone/mavlink/MavlinkEncoder.ts';
import { qgcIdentity, RawGroundStation } from '../drone/testing/RawGroundStation.ts';
import { SimulatedTimers } from '../time/testing/SimulatedTimers.ts';
import type { GroundStation } from './GroundStation.ts';
import { GroundStations } from './GroundStations.ts';

const logger = createLogger('test');
/** Frames as the vehicle would send them through the router. */
const vehicle = new MavlinkEncoder(1, 1);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listening(timers: SimulatedTimers): Promise<{ stations: GroundStations; port: number; joined: GroundStation[]; left: GroundStation[] }> {
  const stations = await GroundStations.open([{ kind: 'udp', host: '127.0.0.1', port: 0 }], { timers, logger, forgetAfterMs: 5000 });
  cleanups.push(() => stations.close());
  const joined: GroundStation[] = [];
  const left: GroundStation[] = [];
  stations.on('joined', (s) => joined.push(s));
  stations.on('left', (s) => left.push(s));
  return { stations, port: stations.served[0]!.localPort!, joined, left };
}

async function sender(port: number, identity = qgcIdentity): Promise<RawGroundStation> {
  const station = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port }), identity);
  cleanups.push(() => station.close());
  return station;
}

describe('GroundStations on a udp: port (QGroundControl\'s default link)', () => {
  it('serves each sender of valid MAVLink as a station of its own, answers each at its address, and forgets it after 5 s of silence', async () => {
    const timers = new SimulatedTimers();
    const { stations, port, joined, left } = await listening(timers);
    const qgc = await sender(port);
    const mavproxy = await sender(port, { system: 255, component: 0 });
    qgc.heartbeat();
    mavproxy.heartbeat();
    await expect.poll(() => joined.map((s) => s.mavlinkIds)).toEqual([['255/190'], ['255/0']]);
    expect(stations.list().map((s) => [s.kind, s.address])).toEqual([
      ['udp', `127.0.0.1:${(qgc.link as UdpLink).localPort}`],
      ['udp', `127.0.0.1:${(mavproxy.link as UdpLink).localPort}`],
    ]);

    // A message for 255/190 reaches QGroundControl's address only; a broadcast reaches both.
    const text = Object.assign(new common.StatusText(), { severity: common.MavSeverity.INFO, text: 'to all' });
    const ack = Object.assign(new common.CommandAck(), { command: common.MavCmd.COMPONENT_ARM_DISARM, targetSystem: 255, targetComponent: 190 });
    for (const station of stations.list()) if (station.reaches({ system: 255, component: 190 })) station.send(vehicle.encode(ack));
    for (const station of stations.list()) station.send(vehicle.encode(text));
    await qgc.next('STATUSTEXT');
    await mavproxy.next('STATUSTEXT');
    expect(qgc.count('COMMAND_ACK')).toBe(1);
    expect(mavproxy.count('COMMAND_ACK')).toBe(0);

    // QGroundControl keeps sending its heartbeat each second; MAVProxy falls silent.
    for (let second = 1; second <= 6; second++) {
      const heard = joined[0]!.lastHeardAt;
      timers.advance(500);
      qgc.heartbeat();
      await expect.poll(() => joined[0]!.lastHeardAt).not.toBe(heard);
      timers.advance(500);
      if (second < 5) expect(left).toEqual([]);
    }
    expect(left.map((s) => s.mavlinkIds)).toEqual([['255/0']]);
    expect(stations.list().map((s) => s.mavlinkIds)).toEqual([['255/190']]);
    // Back after its silence: served again, as a new station.
    mavproxy.heartbeat();
    await expect.poll(() => stations.list().length).toBe(2);
    expect(joined).toHaveLength(3);
  });

  it('never serves a sender of garbage only, nor more than 16 senders', async () => {
    const timers = new SimulatedTimers();
    const { stations, port, joined } = await listening(timers);
    const socket = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => socket.send(Buffer.from(`GET / HTTP/1.1 ${i}\r\n\r\n`), port, '127.0.0.1', resolve));
    const senders = await Promise.all(Array.from({ length: 17 }, (_, i) => sender(port, { system: 100 + i, component: 190 })));
    for (const s of senders) s.heartbeat();
    await expect.poll(() => joined.length).toBe(16);
    const probe = await sender(port, { system: 99, component: 190 });
    probe.heartbeat();
    // A served station speaks after the probe: once it is heard, the probe's datagram was read too.
    const served = joined[0]!;
    const before = served.packetsIn;
    senders.find((s) => served.mavlinkIds.includes(`${s.identity.system}/190`))!.heartbeat();
    await expect.poll(() => served.packetsIn).toBe(before + 1);
    expect(stations.list()).toHaveLength(16);
    expect(stations.list().every((s) => s.mavlinkIds.length === 1)).toBe(true);
    expect(stations.list().some((s) => s.mavlinkIds.includes('99/190'))).toBe(false);
  });
});
