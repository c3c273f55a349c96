import dgram from 'node:dgram';
import { common, minimal } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { agentIdentity } from '../drone/agentIdentity.ts';
import type { Target } from '../drone/gcsMessages.ts';
import { TcpLinkServer } from '../drone/links/TcpLinkServer.ts';
import type { TcpSocketLink } from '../drone/links/TcpSocketLink.ts';
import { UdpLink } from '../drone/links/UdpLink.ts';
import { maxPacketBytes } from '../drone/mavlink/MavlinkDecoder.ts';
import type { MavlinkMessage } from '../drone/mavlink/MavlinkFrame.ts';
import { qgcIdentity, RawGroundStation } from '../drone/testing/RawGroundStation.ts';
import type { GroundStationConnection } from './groundStationSpec.ts';
import { startRouterRig, type RouterRig } from './testing/routerRig.ts';

const { MavCmd, MavResult } = common;
const mavsdk: Target = { system: 245, component: 190 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRig(more: GroundStationConnection[] = [], vehicle?: string): Promise<RouterRig> {
  const rig = await startRouterRig({ more, vehicle });
  cleanups.push(() => rig.close());
  return rig;
}

const gcs = (rig: RouterRig, identity: Target = qgcIdentity): Promise<RawGroundStation> => rig.station(identity);

const from = (m: MavlinkMessage): string => `${m.sysid}/${m.compid}`;
const acks = (station: RawGroundStation): common.CommandAck[] => station.messages.filter((m) => m.name === 'COMMAND_ACK').map((m) => m.data as common.CommandAck);

describe('MavlinkRouter: ground stations beside the agent, on the simulator', () => {
  it('a ground station flies the vehicle through the agent while the agent and a second station command it; each hears its own answers only', async () => {
    const rig = await startRig();
    const qgc = await gcs(rig, qgcIdentity);
    const other = await gcs(rig, mavsdk);

    expect((await qgc.command(MavCmd.DO_SET_MODE, [1, 4])).result).toBe(MavResult.ACCEPTED); // GUIDED
    expect((await qgc.command(MavCmd.COMPONENT_ARM_DISARM, [1])).result).toBe(MavResult.ACCEPTED);
    const armedAt = performance.now();
    expect((await qgc.command(MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 5])).result).toBe(MavResult.ACCEPTED);
    // The climb, in the telemetry the agent asked the vehicle for and the station receives through it.
    const high = await qgc.next<common.GlobalPositionInt>('GLOBAL_POSITION_INT', (p) => p.relativeAlt > 4500, 0, 10_000);
    expect(high.relativeAlt).toBeLessThan(6000);
    expect(rig.sim.truth.altRel).toBeGreaterThan(4.5);
    expect(performance.now() - armedAt).toBeLessThan(10_000);

    // The agent (a phone's path) flies the same vehicle meanwhile, and is answered.
    await expect.poll(() => rig.link.state, { timeout: 5000 }).toBe('flying');
    expect(await rig.link.go('North')).toMatchObject({ ok: true });
    await expect.poll(() => rig.sim.truth.vn, { timeout: 5000 }).toBeGreaterThan(0.8);
    expect(await rig.link.go('Stop')).toMatchObject({ ok: true });
    expect((await other.command(MavCmd.CONDITION_YAW, [90, 0, 0, 0])).result).toBe(MavResult.ACCEPTED);
    expect(await rig.link.setSpeed(2)).toEqual({ ok: true, message: 'speed 2 m/s' });

    // Every ACK reached the station that asked, and no other.
    expect(acks(qgc).map((a) => [a.command, a.targetSystem, a.targetComponent])).toEqual([
      [MavCmd.DO_SET_MODE, 255, 190],
      [MavCmd.COMPONENT_ARM_DISARM, 255, 190],
      [MavCmd.NAV_TAKEOFF, 255, 190],
    ]);
    expect(acks(other).map((a) => [a.command, a.targetSystem, a.targetComponent])).toEqual([[MavCmd.CONDITION_YAW, 245, 190]]);
    // Nothing of the agent's own (its heartbeat, its commands) nor of the other station reaches a station.
    expect(new Set(qgc.messages.map(from))).toEqual(new Set(['1/1']));
    expect(new Set(other.messages.map(from))).toEqual(new Set(['1/1']));
    expect(rig.stations.list().map((s) => s.mavlinkIds)).toEqual([['255/190'], ['245/190']]);
  }, 30_000);

  it('hands every vehicle frame to every station once, in order, none lost: a listener\'s sender and a udpout station alike', async () => {
    const listening = await RawGroundStation.open(new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 }));
    cleanups.push(() => listening.close());
    const port = (listening.link as UdpLink).localPort!;
    const rig = await startRig([{ kind: 'udpout', host: '127.0.0.1', port }]);
    const qgc = await gcs(rig);
    // The agent's start-up requests (rates, home) are answered to the agent alone; the window starts after them.
    await qgc.next('HOME_POSITION', () => true, 0, 5000);
    const after = qgc.messages.length;
    await qgc.next('HEARTBEAT', () => true, after, 5000);
    const anchor = qgc.messages.slice(after).find((m) => m.name === 'HEARTBEAT')!.seq;
    const start = (station: RawGroundStation): number => station.messages.findLastIndex((m) => m.name === 'HEARTBEAT' && m.seq === anchor);
    await expect.poll(() => start(listening), { timeout: 3000 }).toBeGreaterThanOrEqual(0);
    const window = (station: RawGroundStation): MavlinkMessage[] => station.messages.slice(start(station));
    await expect.poll(() => window(qgc).filter((m) => m.name === 'HEARTBEAT').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(20);

    const seen = window(qgc).slice(0, 100);
    expect(seen.every((m) => from(m) === '1/1')).toBe(true);
    // MAVLink sequence numbers count every frame the vehicle sent on the link: no gap, no repeat.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.seq).toBe((seen[i - 1]!.seq + 1) % 256);
    await expect.poll(() => window(listening).length, { timeout: 3000 }).toBeGreaterThanOrEqual(seen.length);
    expect(window(listening).slice(0, seen.length).map((m) => [m.seq, m.name])).toEqual(seen.map((m) => [m.seq, m.name]));
    expect(listening.messages.some((m) => from(m) === `${agentIdentity.system}/${agentIdentity.component}`)).toBe(false);
  }, 30_000);

  it('survives garbage and a flood from one station: the flood is cut to its rate, the vehicle and the other stations are still answered', async () => {
    const tcpGcs = new TcpLinkServer('127.0.0.1', 0);
    await tcpGcs.listen();
    cleanups.push(() => tcpGcs.close());
    const accepted = new Promise<TcpSocketLink>((resolve) => tcpGcs.once('link', resolve));
    const rig = await startRig([{ kind: 'tcp', host: '127.0.0.1', port: tcpGcs.port! }]);
    const qgc = await gcs(rig);
    const tcpStation = new RawGroundStation(await accepted, mavsdk);
    cleanups.push(() => tcpStation.close());

    // Over TCP: a megabyte of noise (with start bytes in it), then a command, which is found and answered.
    const noise = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 7919 + (i >> 5)) & 0xff));
    // The zeros end any packet the noise seemed to start, as a real station's retry would.
    tcpStation.link.write(Buffer.concat([noise, Buffer.alloc(maxPacketBytes)]));
    expect((await tcpStation.command(MavCmd.DO_SET_MODE, [1, 4], undefined, 5000)).result).toBe(MavResult.ACCEPTED);

    // Over UDP, from a third sender: garbage datagrams, then valid frames as fast as a socket sends them.
    const flooder = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((resolve) => flooder.close(() => resolve())));
    const send = (bytes: Buffer): Promise<void> => new Promise((resolve) => flooder.send(bytes, rig.gcsPort, '127.0.0.1', () => resolve()));
    for (let i = 0; i < 200; i++) await send(noise.subarray(i * 1400, (i + 1) * 1400));
    const heartbeat = Object.assign(new minimal.Heartbeat(), { type: minimal.MavType.GCS, autopilot: minimal.MavAutopilot.INVALID, mavlinkVersion: 3 });
    const flood = new RawGroundStation(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: rig.gcsPort }), { system: 200, component: 1 });
    await flood.link.open();
    cleanups.push(() => flood.close());
    const floodStarted = performance.now();
    const sending = (async () => {
      for (let i = 0; i < 20_000; i++) {
        flood.send(heartbeat);
        // Now and then let the agent (this same process) read, or the kernel drops the rest unread.
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    // While it floods, the agent's own command and another station's go through.
    expect(await rig.link.setSpeed(3)).toEqual({ ok: true, message: 'speed 3 m/s' });
    expect((await qgc.command(MavCmd.DO_SET_MODE, [1, 4])).result).toBe(MavResult.ACCEPTED);
    await sending;
    const flooding = rig.stations.list().find((s) => s.mavlinkIds.includes('200/1'));
    await expect.poll(() => flooding!.packetsIn + flooding!.packetsDropped, { timeout: 5000 }).toBeGreaterThan(5000);
    const seconds = (performance.now() - floodStarted) / 1000;
    // At most the burst plus 200 a second went on to the vehicle; the rest was counted and dropped.
    expect(flooding!.packetsIn).toBeLessThanOrEqual(400 + 200 * seconds + 1);
    expect(flooding!.packetsDropped).toBeGreaterThan(1000);
    // The garbage-only sender never became a station.
    expect(rig.stations.list().map((s) => s.kind)).toEqual(['udp', 'udp', 'tcp']);
    expect((await qgc.command(MavCmd.COMPONENT_ARM_DISARM, [1])).result).toBe(MavResult.ACCEPTED);
  }, 30_000);
});

describe('MavlinkRouter: answers on a shared link', () => {
  it("gives the agent its own ACK when the vehicle answers a station's same command first", async () => {
    // A scripted vehicle, so that both answers come in the order that used to fool the agent.
    const vehicle = await RawGroundStation.open(new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 }), { system: 1, component: 1 });
    cleanups.push(() => vehicle.close());
    const beat = (): void =>
      vehicle.send(Object.assign(new minimal.Heartbeat(), { type: minimal.MavType.QUADROTOR, autopilot: minimal.MavAutopilot.ARDUPILOTMEGA, mavlinkVersion: 3 }));
    // It hears the agent's first heartbeat, and from then on answers it.
    const beating = setInterval(beat, 200);
    cleanups.push(async () => clearInterval(beating));
    const rig = await startRig([], `udpout:127.0.0.1:${(vehicle.link as UdpLink).localPort}`);
    const qgc = await gcs(rig);

    const speed = rig.link.setSpeed(2);
    await vehicle.next<common.CommandLong>('COMMAND_LONG', (c) => c.command === MavCmd.DO_CHANGE_SPEED);
    const answer = (result: common.MavResult, to: Target): void =>
      vehicle.send(Object.assign(new common.CommandAck(), { command: MavCmd.DO_CHANGE_SPEED, result, targetSystem: to.system, targetComponent: to.component }));
    answer(MavResult.DENIED, qgcIdentity);
    answer(MavResult.ACCEPTED, agentIdentity);
    vehicle.send(Object.assign(new common.StatusText(), { severity: common.MavSeverity.INFO, text: 'after both answers' }));
    expect(await speed).toEqual({ ok: true, message: 'speed 2 m/s' });
    await qgc.next('STATUSTEXT', (t: common.StatusText) => t.text === 'after both answers');
    expect(acks(qgc).map((a) => [a.command, a.result])).toEqual([[MavCmd.DO_CHANGE_SPEED, MavResult.DENIED]]);
  }, 20_000);
});
