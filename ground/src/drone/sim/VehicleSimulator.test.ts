import { common, minimal } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpClientLink } from '../links/TcpClientLink.ts';
import { SerialLink } from '../links/SerialLink.ts';
import { UdpLink } from '../links/UdpLink.ts';
import { RawGroundStation } from '../testing/RawGroundStation.ts';
import { socatPair } from '../testing/socatPair.ts';
import { VehicleSimulator, type VehicleSimulatorOptions } from './VehicleSimulator.ts';

const { MavCmd, MavResult } = common;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: VehicleSimulatorOptions = {}): Promise<VehicleSimulator> {
  const sim = new VehicleSimulator({ listen: ['udp:127.0.0.1:0'], timeScale: 10, params: { gpsFixDelayS: 0 }, ...options });
  await sim.start();
  cleanups.push(() => sim.stop());
  return sim;
}

/** A ground station on the simulator's UDP port; its heartbeat tells the simulator where to reply. */
async function groundStation(sim: VehicleSimulator, endpoint = 0): Promise<RawGroundStation> {
  const port = Number(sim.endpoints[endpoint]!.groundStation!.split(':').at(-1));
  const gcs = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port }));
  cleanups.push(() => gcs.close());
  gcs.heartbeat();
  return gcs;
}

describe('VehicleSimulator over MAVLink 2 bytes', () => {
  it('sends a 1 Hz HEARTBEAT as ArduCopter on a quad: system 1, component 1, custom mode, STANDBY on the ground', async () => {
    const sim = await simulator();
    const gcs = await groundStation(sim);
    const hb = await gcs.next<minimal.Heartbeat>('HEARTBEAT');
    expect(hb).toMatchObject({
      type: minimal.MavType.QUADROTOR,
      autopilot: minimal.MavAutopilot.ARDUPILOTMEGA,
      customMode: 0, // STABILIZE
      systemStatus: minimal.MavState.STANDBY,
      mavlinkVersion: 3,
    });
    expect(hb.baseMode & minimal.MavModeFlag.CUSTOM_MODE_ENABLED).toBeTruthy();
    expect(gcs.messages[0]).toMatchObject({ sysid: 1, compid: 1 });
    const from = gcs.messages.length;
    const t0 = sim.time;
    await sim.after(4);
    const perSecond = gcs.count('HEARTBEAT', from) / (sim.time - t0);
    expect(perSecond).toBeGreaterThan(0.7);
    expect(perSecond).toBeLessThan(1.3);
  });

  it('answers every COMMAND_LONG and COMMAND_INT with a COMMAND_ACK naming the command', async () => {
    const sim = await simulator();
    const gcs = await groundStation(sim);
    await gcs.next('HEARTBEAT');
    expect((await gcs.command(MavCmd.DO_SET_MODE, [1, 4])).result).toBe(MavResult.ACCEPTED);
    expect((await gcs.command(MavCmd.DO_SET_MODE, [1, 2])).result).toBe(MavResult.FAILED); // ALT_HOLD: not simulated
    expect((await gcs.command(MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 5])).result).toBe(MavResult.FAILED); // disarmed
    expect((await gcs.command(MavCmd.DO_SET_SERVO, [9, 1500])).result).toBe(MavResult.UNSUPPORTED);
    const viaInt = new common.CommandInt();
    viaInt.targetSystem = 1;
    viaInt.command = MavCmd.COMPONENT_ARM_DISARM;
    viaInt._param1 = 1;
    const from = gcs.messages.length;
    gcs.send(viaInt);
    const ack = await gcs.next<common.CommandAck>('COMMAND_ACK', (a) => a.command === MavCmd.COMPONENT_ARM_DISARM, from);
    expect(ack).toMatchObject({ result: MavResult.ACCEPTED, targetSystem: 255, targetComponent: 190 });
    expect(sim.truth.armed).toBe(true);
  });

  it('answers SET_MODE with an ACK for MAV_CMD_DO_SET_MODE, as ArduPilot does', async () => {
    const sim = await simulator();
    const gcs = await groundStation(sim);
    await gcs.next('HEARTBEAT');
    const setMode = new common.SetMode();
    setMode.targetSystem = 1;
    setMode.baseMode = minimal.MavModeFlag.CUSTOM_MODE_ENABLED as unknown as common.MavMode;
    setMode.customMode = 5;
    gcs.send(setMode);
    expect((await gcs.next<common.CommandAck>('COMMAND_ACK')).command).toBe(MavCmd.DO_SET_MODE);
    expect(sim.truth.mode).toBe('LOITER');
    expect((await gcs.next<minimal.Heartbeat>('HEARTBEAT', (h) => h.customMode === 5)).customMode).toBe(5);
  });

  it('explains a refused arm in a STATUSTEXT before the ACK', async () => {
    const sim = await simulator({ params: { gpsFixDelayS: 60 } });
    const gcs = await groundStation(sim);
    await gcs.next('HEARTBEAT');
    const from = gcs.messages.length;
    expect((await gcs.command(MavCmd.COMPONENT_ARM_DISARM, [1])).result).toBe(MavResult.FAILED);
    const names = gcs.messages.slice(from).map((m) => m.name);
    expect(names.indexOf('STATUSTEXT')).toBeLessThan(names.indexOf('COMMAND_ACK'));
    expect((await gcs.next<common.StatusText>('STATUSTEXT', () => true, from)).text).toBe('PreArm: Need 3D Fix');
  });

  it('streams at the rates set by SET_MESSAGE_INTERVAL, per channel; -1 stops a message', async () => {
    const sim = await simulator({ listen: ['udp:127.0.0.1:0', 'udp:127.0.0.1:0'] });
    const fast = await groundStation(sim, 0);
    const usual = await groundStation(sim, 1);
    await Promise.all([fast.next('HEARTBEAT'), usual.next('HEARTBEAT')]);
    expect((await fast.command(MavCmd.SET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID, 100_000])).result).toBe(MavResult.ACCEPTED);
    expect((await fast.command(MavCmd.SET_MESSAGE_INTERVAL, [common.Attitude.MSG_ID, -1])).result).toBe(MavResult.ACCEPTED);
    expect((await fast.command(MavCmd.SET_MESSAGE_INTERVAL, [common.ParamValue.MSG_ID, 100_000])).result).toBe(MavResult.FAILED);
    const [f, u] = [fast.messages.length, usual.messages.length];
    const t0 = sim.time;
    await sim.after(3);
    const seconds = sim.time - t0;
    expect(fast.count('GLOBAL_POSITION_INT', f) / seconds).toBeCloseTo(10, -0.5);
    expect(usual.count('GLOBAL_POSITION_INT', u) / seconds).toBeCloseTo(2, -0.5);
    expect(fast.count('ATTITUDE', f)).toBe(0);
    expect(usual.count('ATTITUDE', u)).toBeGreaterThan(5);
  });

  it('sends HOME_POSITION on request and when arming moves home', async () => {
    const sim = await simulator();
    const gcs = await groundStation(sim);
    await gcs.next('HEARTBEAT');
    expect((await gcs.command(MavCmd.REQUEST_MESSAGE, [common.HomePosition.MSG_ID])).result).toBe(MavResult.ACCEPTED);
    const home = await gcs.next<common.HomePosition>('HOME_POSITION');
    expect(home.latitude / 1e7).toBeCloseTo(41.2757, 6);
    expect(home.longitude / 1e7).toBeCloseTo(1.9881, 6);
    const from = gcs.messages.length;
    await gcs.command(MavCmd.COMPONENT_ARM_DISARM, [1]);
    await gcs.next('HOME_POSITION', () => true, from);
  });

  it('serves UDP, TCP and serial ground stations at once', async () => {
    const pair = await socatPair();
    cleanups.push(() => pair.close());
    const sim = await simulator({ listen: ['udp:127.0.0.1:0', 'tcp:127.0.0.1:0', `serial:${pair.a}:57600`] });
    expect(sim.endpoints.map((e) => e.link)).toEqual([expect.stringMatching(/^udp:127\.0\.0\.1:\d+$/), expect.stringMatching(/^tcp:127\.0\.0\.1:\d+$/), `serial:${pair.a}:57600`]);
    const udp = await groundStation(sim, 0);
    const tcpPort = Number(sim.endpoints[1]!.groundStation!.split(':').at(-1));
    const tcp = await RawGroundStation.open(new TcpClientLink({ host: '127.0.0.1', port: tcpPort }));
    cleanups.push(() => tcp.close());
    const serial = await RawGroundStation.open(new SerialLink({ path: pair.b, baudRate: 57600 }));
    cleanups.push(() => serial.close());
    await Promise.all([udp, tcp, serial].map((g) => g.next('HEARTBEAT')));
    // A command over one link; the STATUSTEXT it causes reaches all three.
    await serial.command(MavCmd.COMPONENT_ARM_DISARM, [1]);
    await Promise.all([udp, tcp, serial].map((g) => g.next<common.StatusText>('STATUSTEXT', (s) => s.text === 'Arming motors')));
    expect(udp.count('COMMAND_ACK')).toBe(0);
  });

  it('pushes to a listening ground station with --out udpout:, as SITL does to QGroundControl', async () => {
    const gcsLink = new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 });
    const gcs = await RawGroundStation.open(gcsLink);
    cleanups.push(() => gcs.close());
    const sim = await simulator({ listen: [], out: [`udpout:127.0.0.1:${gcsLink.localPort}`] });
    expect(sim.endpoints).toEqual([{ link: `udpout:127.0.0.1:${gcsLink.localPort}`, groundStation: `udp:127.0.0.1:${gcsLink.localPort}` }]);
    await gcs.next('HEARTBEAT');
    // Replies go back to the simulator's own port.
    expect((await gcs.command(MavCmd.DO_SET_MODE, [1, 4])).result).toBe(MavResult.ACCEPTED);
  });

  it('comes back on the same port with its state after stop() and start()', async () => {
    const sim = await simulator();
    const before = sim.endpoints[0]!.groundStation;
    const gcs = await groundStation(sim);
    await gcs.next('HEARTBEAT');
    expect((await gcs.command(MavCmd.DO_SET_MODE, [1, 5])).result).toBe(MavResult.ACCEPTED);
    await sim.stop();
    await sim.start();
    expect(sim.endpoints[0]!.groundStation).toBe(before);
    gcs.heartbeat();
    const from = gcs.messages.length;
    expect((await gcs.next<minimal.Heartbeat>('HEARTBEAT', () => true, from)).customMode).toBe(5);
  });
});
