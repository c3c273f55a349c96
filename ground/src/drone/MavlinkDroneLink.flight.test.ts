import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { northEastOf } from './geo.ts';
import type { VehicleSimulator } from './sim/VehicleSimulator.ts';
import { eventTypes, startFlight, takeOff, type Flight } from './testing/flightHarness.ts';
import { socatPair, type SerialPair } from './testing/socatPair.ts';

let serial: SerialPair;
beforeAll(async () => {
  serial = await socatPair();
});
afterAll(() => serial.close());

const transports: { name: string; listen: () => string; connection: (sim: VehicleSimulator) => string }[] = [
  { name: 'UDP (udpout to a simulator on udp:)', listen: () => 'udp:127.0.0.1:0', connection: (sim) => sim.endpoints[0]!.groundStation! },
  { name: 'TCP', listen: () => 'tcp:127.0.0.1:0', connection: (sim) => sim.endpoints[0]!.groundStation! },
  { name: 'a serial cable (socat pty pair)', listen: () => `serial:${serial.a}:57600`, connection: () => `serial:${serial.b}:57600` },
];

describe.each(transports)('a full flight over $name', ({ listen, connection }) => {
  let flight: Flight;
  afterAll(() => flight?.close());

  it('connect, arm, take off 5 m, North 3 s, Stop, heading 90, RTL, landed and disarmed', async () => {
    flight = await startFlight({ sim: { listen: [listen()], params: { rtlLoiterS: 1 } }, connection });
    const { sim, link } = flight;
    expect(link.state).toBe('connected');
    const home = sim.truth.home!;

    await takeOff(flight, 5);
    expect(link.telemetry.altRel).toBeCloseTo(5, 0);
    expect(Math.abs(link.telemetry.altRel - sim.truth.altRel)).toBeLessThan(0.3);
    expect(link.telemetry.flightMode).toBe('GUIDED');

    // Telemetry at the 4 Hz asked for (on the simulated clock; a message may still be in flight at either end).
    const [n0, t0] = [flight.telemetry.length, sim.time];
    await sim.after(4);
    expect((flight.telemetry.length - n0) / (sim.time - t0)).toBeGreaterThanOrEqual(3.5);

    const goAt = sim.time;
    expect(await link.go('North')).toMatchObject({ ok: true, message: 'going North at 1 m/s' });
    await sim.after(3);
    expect(link.telemetry.groundSpeed).toBeCloseTo(1, 1);
    expect(await link.go('Stop')).toMatchObject({ ok: true, message: 'stopping' });
    const stopAt = sim.time;
    await sim.after(2);
    const moved = northEastOf(home, link.telemetry);
    // 1 m/s for the time between go and Stop; speeding up and braking at 2.5 m/s² cancel out.
    expect(moved.north).toBeGreaterThan((stopAt - goAt) * 1 - 0.4);
    expect(moved.north).toBeLessThan((stopAt - goAt) * 1 + 0.4);
    expect(Math.abs(moved.east)).toBeLessThan(0.1);
    expect(Math.abs(moved.north - sim.truth.north)).toBeLessThan(0.1);
    expect(link.telemetry.groundSpeed).toBeLessThan(0.05);

    expect(await link.changeHeading(90)).toMatchObject({ ok: true });
    await sim.after(1.5);
    expect(link.telemetry.heading).toBeCloseTo(90, 0);
    expect(sim.truth.heading).toBeCloseTo(90, 5);

    expect(await link.rtl()).toMatchObject({ ok: true, message: 'returning to launch' });
    await expect.poll(() => link.state, { timeout: 10_000, interval: 50 }).toBe('connected');
    const end = northEastOf(home, link.telemetry);
    expect(Math.hypot(end.north, end.east)).toBeLessThan(0.5);
    expect(link.telemetry).toMatchObject({ armed: false, altRel: 0, flightMode: 'RTL', linkLost: false });
    expect(sim.truth).toMatchObject({ armed: false, landed: true });

    expect(flight.states).toEqual(['connected', 'arming', 'armed', 'takingOff', 'flying', 'returning', 'landing', 'armed', 'connected']);
    expect(eventTypes(flight)).toEqual(['armed', 'modeChanged', 'tookOff', 'modeChanged', 'landed', 'disarmed']);
    // The RTL climbed to RTL_ALT before it came home.
    expect(Math.max(...flight.telemetry.map((t) => t.altRel))).toBeCloseTo(15, 0);
  }, 20_000);
});

describe('no dead ends for the pilot', () => {
  let flight: Flight;
  afterAll(() => flight?.close());

  it('takes over during Return home (GUIDED, hovering where it is), lands, then flies again from LAND with one take-off', async () => {
    flight = await startFlight({ sim: { params: { rtlLoiterS: 1 } } });
    const { sim, link } = flight;
    await takeOff(flight, 5);
    expect(await link.rtl()).toMatchObject({ ok: true });
    // Climbing towards RTL_ALT: the pad and the sticks give way to taking over.
    await expect.poll(() => link.telemetry.altRel, { timeout: 5000, interval: 20 }).toBeGreaterThan(7);
    expect(await link.go('North')).toEqual({ ok: false, reason: 'not-allowed', message: 'go North: returning home: take over first' });

    expect(await link.setMode('GUIDED')).toEqual({ ok: true, message: 'mode GUIDED' });
    await sim.after(2);
    const heldAlt = sim.truth.altRel;
    await sim.after(2);
    // Hovering: no more climbing to RTL_ALT, no descent, no drift home.
    expect(Math.abs(sim.truth.altRel - heldAlt)).toBeLessThan(0.2);
    expect(heldAlt).toBeLessThan(14);
    expect(link.state).toBe('flying');
    expect(await link.go('North')).toMatchObject({ ok: true });
    expect(await link.go('Stop')).toMatchObject({ ok: true });

    expect(await link.land()).toMatchObject({ ok: true, message: 'landing' });
    await expect.poll(() => link.state, { timeout: 5000, interval: 20 }).toBe('landing');
    expect(await link.land()).toEqual({ ok: false, reason: 'not-allowed', message: 'landing: already landing' });
    await expect.poll(() => link.state, { timeout: 15_000, interval: 50 }).toBe('connected');
    expect(link.telemetry).toMatchObject({ armed: false, flightMode: 'LAND' });

    // The second flight: from LAND and disarmed, one take-off does GUIDED, arming and the climb.
    expect(await link.takeoff(4)).toEqual({ ok: true, message: 'taking off to 4 m' });
    await expect.poll(() => eventTypes(flight).filter((e) => e === 'tookOff').length, { timeout: 5000 }).toBe(2);
    expect(link.telemetry).toMatchObject({ armed: true, flightMode: 'GUIDED' });
    expect(sim.truth.altRel).toBeGreaterThan(3.5);
  }, 30_000);

  it('arms from LAND by switching to GUIDED first (ArduCopter refuses to arm in LAND)', async () => {
    await flight.link.land();
    await expect.poll(() => flight.link.state, { timeout: 15_000, interval: 50 }).toBe('connected');
    expect(flight.link.telemetry.flightMode).toBe('LAND');
    expect(await flight.link.arm()).toEqual({ ok: true, message: 'armed' });
    expect(flight.link.telemetry.flightMode).toBe('GUIDED');
  }, 20_000);
});
