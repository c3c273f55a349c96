import { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '@dronecast/runtime';
import { offsetLatLon, northEastOf } from './geo.ts';
import { MavlinkDroneLink } from './MavlinkDroneLink.ts';
import { eventTypes, startFlight, takeOff, timeScale, type Flight } from './testing/flightHarness.ts';
import { UdpLink } from './links/UdpLink.ts';

let flight: Flight | undefined;
afterEach(async () => {
  await flight?.close();
  flight = undefined;
});

async function start(options: Parameters<typeof startFlight>[0] = {}): Promise<Flight> {
  flight = await startFlight(options);
  return flight;
}

describe('MavlinkDroneLink: refusals', () => {
  it('takes off from disarmed in one command: GUIDED, armed, then the take-off', async () => {
    const commands: number[] = [];
    const { link, sim } = await start({ link: { onWrite: (w) => w.command !== undefined && commands.push(w.command) } });
    await expect.poll(() => link.telemetry.gps.fix).toBe(3);
    expect(await link.takeoff(5)).toEqual({ ok: true, message: 'taking off to 5 m' });
    expect(commands.filter((c) => [common.MavCmd.DO_SET_MODE, common.MavCmd.COMPONENT_ARM_DISARM, common.MavCmd.NAV_TAKEOFF].includes(c))).toEqual([
      common.MavCmd.DO_SET_MODE,
      common.MavCmd.COMPONENT_ARM_DISARM,
      common.MavCmd.NAV_TAKEOFF,
    ]);
    await sim.after(5);
    expect(sim.truth).toMatchObject({ mode: 'GUIDED', armed: true, landed: false });
    expect(sim.truth.altRel).toBeGreaterThan(4);
  });

  it('passes on a pre-arm refusal of a take-off from disarmed, and nothing flies', async () => {
    const commands: number[] = [];
    const { link, sim } = await start({ sim: { params: { gpsFixDelayS: 30 } }, link: { onWrite: (w) => w.command !== undefined && commands.push(w.command) } });
    const outcome = await link.takeoff(5);
    // Without a position ArduCopter refuses GUIDED already, before any arming.
    expect(outcome).toEqual({
      ok: false,
      reason: 'denied',
      mavResult: 'MAV_RESULT_FAILED',
      message: 'take off needs GUIDED: mode GUIDED refused by the drone (MAV_RESULT_FAILED): Mode change failed: GUIDED requires position',
    });
    await sim.after(1);
    expect(sim.truth).toMatchObject({ armed: false, landed: true, altRel: 0 });
    expect(commands).not.toContain(common.MavCmd.NAV_TAKEOFF);
    expect(commands).not.toContain(common.MavCmd.COMPONENT_ARM_DISARM);
  });

  it('passes on the vehicle refusing a take-off the ground station thought possible', async () => {
    const { link, sim } = await start();
    await expect.poll(() => link.telemetry.gps.fix).toBe(3);
    expect(await link.setMode('GUIDED')).toMatchObject({ ok: true });
    expect(await link.arm()).toMatchObject({ ok: true });
    sim.autopilot.disarm(); // e.g. the RC pilot disarmed a moment ago: the link still thinks armed
    const outcome = await link.takeoff(5);
    expect(outcome).toMatchObject({ ok: false, reason: 'denied', mavResult: 'MAV_RESULT_FAILED' });
    expect(outcome.message).toMatch(/take off refused by the drone \(MAV_RESULT_FAILED\): .*Takeoff: not armed/);
  });

  it('arming before the GPS fix is denied with the PreArm text, then works once the fix comes', async () => {
    const { link, sim } = await start({ sim: { params: { gpsFixDelayS: 3 } } });
    expect(link.telemetry.gps.fix).toBeLessThan(3);
    const outcome = await link.arm();
    expect(outcome).toEqual({
      ok: false,
      reason: 'denied',
      mavResult: 'MAV_RESULT_FAILED',
      message: 'arming refused by the drone (MAV_RESULT_FAILED): PreArm: Need 3D Fix',
    });
    expect(flight!.events.filter((e) => e.type === 'statusText').map((e) => e.message)).toContain('PreArm: Need 3D Fix');
    expect(link.state).toBe('connected');
    expect(flight!.states).toEqual(['connected', 'arming', 'connected']);
    await sim.after(3);
    expect(await link.arm()).toEqual({ ok: true, message: 'armed' });
  });

  it('refuses go, turns and goto unless flying in GUIDED', async () => {
    const { link } = await start();
    expect(await link.go('North')).toEqual({ ok: false, reason: 'not-allowed', message: 'go North: take off first' });
    expect(await link.changeHeading(90)).toMatchObject({ reason: 'not-allowed' });
    expect(await link.goto(41.28, 1.99, 10)).toMatchObject({ reason: 'not-allowed' });
    expect(await link.land()).toMatchObject({ reason: 'not-allowed', message: 'landing: not in the air' });
    expect(await link.go('Stop')).toEqual({ ok: true, message: 'not moving' });
    await takeOff(flight!);
    expect(await link.setMode('LOITER')).toMatchObject({ ok: true });
    expect(await link.go('East')).toEqual({ ok: false, reason: 'not-allowed', message: 'go East: the drone is in LOITER: take over first' });
    expect(await link.disarm()).toMatchObject({ reason: 'not-allowed', message: 'disarming: in the air: land first' });
  });

  it('refuses bad connection strings at construction, listing the accepted forms', () => {
    expect(() => new MavlinkDroneLink({ connection: 'COM3' })).toThrow(UsageError);
    expect(() => new MavlinkDroneLink({ connection: 'udp:localhost' })).toThrow(/udp:HOST:PORT[\s\S]*serial:PATH:BAUD/);
  });

  it('gives up connecting with a clear error when no vehicle answers', async () => {
    const silent = new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 });
    await silent.open();
    try {
      const link = new MavlinkDroneLink({ connection: `udpout:127.0.0.1:${silent.localPort}` });
      await expect(link.connect(300)).rejects.toThrow(/no heartbeat from a vehicle on udpout:127\.0\.0\.1:\d+ within 0\.3 s/);
      expect(link.state).toBe('disconnected');
      // Closing while it waits ends the wait at once.
      const waiting = link.connect(10_000);
      setTimeout(() => void link.close(), 50);
      await expect(waiting).rejects.toThrow(/closed before a vehicle answered/);
    } finally {
      await silent.close();
    }
  });
});

describe('MavlinkDroneLink: the link', () => {
  it('listens with udp: for a vehicle that pushes to it (the simulator with --out udpout:)', async () => {
    const probe = new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 });
    await probe.open();
    const port = probe.localPort!;
    await probe.close();
    const { link } = await start({ sim: { listen: [], out: [`udpout:127.0.0.1:${port}`] }, connection: () => `udp:127.0.0.1:${port}` });
    await expect.poll(() => link.telemetry.gps.fix).toBe(3);
    // Commands go back to wherever the vehicle's packets came from.
    expect(await link.arm()).toEqual({ ok: true, message: 'armed' });
  });

  it('declares the link lost when heartbeats stop, stops streaming, and recovers when they return', async () => {
    const writes: string[] = [];
    const { link, sim } = await start({
      link: { timing: { linkLostMs: 1000 }, onWrite: (w) => writes.push(w.message) },
    });
    await takeOff(flight!);
    expect(await link.go('North')).toMatchObject({ ok: true });
    await sim.stop();
    await expect.poll(() => link.state, { timeout: 3000 }).toBe('disconnected');
    expect(link.telemetry.linkLost).toBe(true);
    expect(flight!.telemetry.at(-1)).toMatchObject({ linkLost: true, state: 'disconnected' });
    expect(eventTypes(flight!)).toContain('linkLost');
    expect(await link.go('East')).toMatchObject({ ok: false, reason: 'link-down' });
    expect(await link.rtl()).toMatchObject({ ok: false, reason: 'link-down' });
    const setpointsWhenLost = writes.filter((w) => w === 'SET_POSITION_TARGET_LOCAL_NED').length;
    await new Promise((r) => setTimeout(r, 500));
    expect(writes.filter((w) => w === 'SET_POSITION_TARGET_LOCAL_NED').length).toBe(setpointsWhenLost);

    await sim.start();
    await expect.poll(() => eventTypes(flight!), { timeout: 3000 }).toContain('linkRestored');
    expect(link.telemetry.linkLost).toBe(false);
    await expect.poll(() => link.state).toBe('flying');
    // Nobody renewed the setpoint: the vehicle stops by itself (GUID_TIMEOUT).
    await sim.after(4);
    expect(sim.truth.groundSpeed).toBe(0);
  });

  it('a setpoint not renewed stops the vehicle after about 3 s', async () => {
    // A ground station that sends the setpoint once and never again.
    const { link, sim } = await start({ link: { timing: { setpointResendMs: 600_000 } } });
    await takeOff(flight!);
    const t0 = sim.time;
    expect(await link.go('North')).toMatchObject({ ok: true });
    await sim.after(2.5);
    expect(sim.truth.vn).toBeCloseTo(1, 5);
    expect(link.telemetry.groundSpeed).toBeCloseTo(1, 1);
    let stoppedAt = 0;
    while (!stoppedAt) {
      await sim.after(0.1);
      if (sim.truth.vn < 0.99) stoppedAt = sim.time - t0;
    }
    expect(stoppedAt).toBeGreaterThan(2.9);
    expect(stoppedAt).toBeLessThan(3.5);
    await sim.after(1);
    expect(sim.truth.groundSpeed).toBe(0);
  });

  it('reports the vehicle going, landing and disarming without being asked (LAND)', async () => {
    const { link } = await start();
    await takeOff(flight!, 3);
    expect(await link.land()).toEqual({ ok: true, message: 'landing' });
    await expect.poll(() => link.state, { timeout: 10_000 }).toBe('connected');
    expect(flight!.states.slice(-3)).toEqual(['landing', 'armed', 'connected']);
    expect(eventTypes(flight!).slice(-3)).toEqual(['modeChanged', 'landed', 'disarmed']);
  });

  it('warns once when the battery drops below 20%', async () => {
    const { sim } = await start({ sim: { battery: { remainingPct: 19 } } });
    await expect.poll(() => eventTypes(flight!)).toContain('lowBattery');
    await sim.after(3);
    expect(eventTypes(flight!).filter((t) => t === 'lowBattery')).toHaveLength(1);
    expect(flight!.events.find((e) => e.type === 'lowBattery')?.message).toMatch(/^battery at 19% \(\d+\.\d V\)$/);
  });

  it('stamps telemetry and events with the clock it is given', async () => {
    const { link } = await start({ link: { clock: () => 42 } });
    expect(link.telemetry.time).toBe(42);
    await expect.poll(() => flight!.telemetry.length).toBeGreaterThan(0);
    expect(flight!.telemetry.every((t) => t.time === 42)).toBe(true);
  });

  it('calls onWrite as command bytes go out, for the latency benchmark', async () => {
    const writes: { message: string; command?: number; time: number }[] = [];
    const { link } = await start({ link: { onWrite: (w) => writes.push(w) } });
    await expect.poll(() => link.telemetry.gps.fix).toBe(3);
    const before = Date.now();
    await link.arm();
    const arm = writes.find((w) => w.command === common.MavCmd.COMPONENT_ARM_DISARM);
    expect(arm).toMatchObject({ message: 'COMMAND_LONG' });
    expect(arm!.time).toBeGreaterThanOrEqual(before);
    expect(writes.some((w) => w.message === 'HEARTBEAT')).toBe(true);
  });
});

describe('MavlinkDroneLink: moving', () => {
  it('moves at the speed set, diagonals included, and goes to a point', async () => {
    const { link, sim } = await start();
    await takeOff(flight!, 10);
    expect(await link.setSpeed(2)).toEqual({ ok: true, message: 'speed 2 m/s' });
    await link.go('NorthEast');
    await sim.after(3);
    expect(sim.truth.groundSpeed).toBeCloseTo(2, 5);
    expect(sim.truth.vn).toBeCloseTo(sim.truth.ve, 5);
    await link.go('Stop');

    const home = sim.truth.home!;
    const target = offsetLatLon(home, -10, 15);
    expect((await link.goto(target.lat, target.lon, 12)).message).toMatch(/^going to 41\.\d{6}, 1\.\d{6} at 12 m \(\d+ m away\)$/);
    await expect.poll(() => northEastOf(target, sim.truth), { timeout: 5000 }).toSatisfy(({ north, east }: { north: number; east: number }) => Math.hypot(north, east) < 0.2);
    expect(link.telemetry.altRel).toBeCloseTo(12, 0);
  });

  it('moves in the body frame against the heading it holds, and climbs with Up', async () => {
    const { link, sim } = await start();
    await takeOff(flight!, 5);
    expect(await link.changeHeading(90)).toMatchObject({ ok: true });
    await sim.after(1.5);
    expect(await link.go('Forward')).toMatchObject({ ok: true, message: 'going Forward at 1 m/s' });
    await sim.after(2);
    expect(sim.truth.ve).toBeCloseTo(1, 5); // facing east
    expect(Math.abs(sim.truth.vn)).toBeLessThan(1e-6);
    expect(sim.truth.heading).toBeCloseTo(90, 3);
    expect(await link.go('Up')).toMatchObject({ ok: true, message: 'going Up at 0.5 m/s' });
    await sim.after(1.5);
    expect(-sim.truth.vd).toBeCloseTo(0.5, 5);
    expect(sim.truth.groundSpeed).toBeLessThan(1e-6);
  });

  it('resends setpoints while moving, never more than once per (simulated) second, until Stop', async () => {
    // The exact cadence is VelocityStreamer's, tested on simulated time; here, that the link streams
    // while moving (waiting for the resends however long a loaded machine takes), never faster, and stops.
    const setpointsAt: number[] = [];
    const { link, sim } = await start({ link: { onWrite: (w) => void (w.message === 'SET_POSITION_TARGET_LOCAL_NED' && setpointsAt.push(w.time)) } });
    await takeOff(flight!);
    await link.go('West');
    const n0 = setpointsAt.length;
    await expect.poll(() => setpointsAt.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(n0 + 5);
    const gaps = setpointsAt.slice(n0 - 1, n0 + 5).map((t, i, times) => t - (times[i - 1] ?? t)).slice(1);
    // Timers never fire early (1 ms for the clock's rounding).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000 / timeScale - 1);
    await link.go('Stop');
    const n1 = setpointsAt.length;
    await sim.after(3);
    expect(setpointsAt.length).toBe(n1);
  });
});
