import { afterEach, describe, expect, it } from 'vitest';
import { stickMaxYawRateDps, type StickAxes } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { SimulatedTimers } from '../time/testing/SimulatedTimers.ts';
import { headingDifference } from './geo.ts';
import { startFlight, takeOff, type Flight } from './testing/flightHarness.ts';

const centre: StickAxes = { forward: 0, right: 0, up: 0, yaw: 0 };
const stick = (axes: Partial<StickAxes>): StickAxes => ({ ...centre, ...axes });

/** Horizontal speed and course (degrees) of the simulated vehicle, as it truly moves. */
function motion(flight: Flight): { speed: number; course: number } {
  const { vn, ve } = flight.sim.truth;
  return { speed: Math.hypot(vn, ve), course: (((Math.atan2(ve, vn) * 180) / Math.PI) + 360) % 360 };
}

/** Holds a stick for `seconds` of simulated time, renewing it as the phone does (the agent's stream keeps it meanwhile). */
async function hold(flight: Flight, axes: StickAxes, seconds: number): Promise<void> {
  expect(await flight.link.stick(axes)).toMatchObject({ ok: true });
  await flight.sim.after(seconds);
}

let flight: Flight | undefined;
afterEach(async () => {
  await flight?.close();
  flight = undefined;
});

describe('the virtual sticks, flown over real MAVLink into the simulator', () => {
  it('turns with the left stick, then flies forward as seen from the drone, and stops when let go', async () => {
    flight = await startFlight();
    const { sim, link } = flight;
    await takeOff(flight, 5);
    expect(await link.setSpeed(2)).toMatchObject({ ok: true });
    const before = sim.truth.heading;

    // Full right on the left stick: 60°/s clockwise for 1.5 s.
    await hold(flight, stick({ yaw: 1 }), 1.5);
    expect(sim.truth.groundSpeed).toBeLessThan(0.05);
    expect(await link.stick(centre)).toMatchObject({ ok: true, message: 'stopping' });
    await sim.after(0.5);
    const heading = sim.truth.heading;
    expect(headingDifference(before, heading)).toBeGreaterThan(stickMaxYawRateDps * 1.5 * 0.8);
    // Let go, it holds that heading: no turning back to an older one.
    await sim.after(1);
    expect(Math.abs(headingDifference(heading, sim.truth.heading))).toBeLessThan(1);

    // Full forward on the right stick: the speed setting, along the new heading.
    await hold(flight, stick({ forward: 1 }), 3);
    const m = motion(flight);
    expect(m.speed).toBeCloseTo(2, 1);
    expect(Math.abs(headingDifference(heading, m.course))).toBeLessThan(2);

    expect(await link.stick(centre)).toMatchObject({ ok: true, message: 'stopping' });
    await sim.after(1);
    expect(sim.truth.groundSpeed).toBeLessThan(0.05);
  }, 30_000);

  it('answers with what it flies, proportionally, both sticks at once: climbs and moves sideways', async () => {
    flight = await startFlight();
    const { sim, link } = flight;
    await takeOff(flight, 5);
    const start = sim.truth;
    expect(await link.stick(stick({ up: 1, right: 0.5 }))).toMatchObject({
      ok: true,
      message: 'sticks: forward 0 m/s, right 0.5 m/s, climb 0.5 m/s, turn 0°/s',
    });
    await sim.after(3);
    const end = sim.truth;
    expect(end.altRel - start.altRel).toBeGreaterThan(1);
    expect(Math.hypot(end.north - start.north, end.east - start.east)).toBeGreaterThan(1);
    // Right of the nose: the course is the heading + 90°.
    expect(Math.abs(headingDifference((end.heading + 90) % 360, motion(flight).course))).toBeLessThan(3);
    await link.stick(centre);
  }, 30_000);

  it('lets go by itself when the sticks stop coming (the phone or its path stalled)', async () => {
    const timers = new SimulatedTimers();
    flight = await startFlight({ link: { timers, timing: { stickHoldMs: 1000 } } });
    const { sim, link } = flight;
    await takeOff(flight, 5);
    await hold(flight, stick({ forward: 1 }), 2);
    timers.advance(999);
    await sim.after(0.5);
    expect(sim.truth.groundSpeed).toBeGreaterThan(0.9);
    timers.advance(1);
    await sim.after(1);
    expect(sim.truth.groundSpeed).toBeLessThan(0.05);
    // A renewed stick resets the hold.
    await hold(flight, stick({ forward: 1 }), 0.5);
    timers.advance(600);
    await link.stick(stick({ forward: 1 }));
    timers.advance(600);
    await sim.after(1);
    expect(sim.truth.groundSpeed).toBeGreaterThan(0.9);
    await link.stick(centre);
  }, 30_000);

  it('puts the setpoint on the wire within the call, no timer in between', async () => {
    const written: string[] = [];
    flight = await startFlight({ link: { onWrite: (w) => void written.push(w.message) } });
    await takeOff(flight, 5);
    const before = written.length;
    const answer = flight.link.stick(stick({ forward: 0.5, yaw: -0.5 }));
    expect(written.slice(before)).toEqual(['SET_POSITION_TARGET_LOCAL_NED']);
    expect(await answer).toEqual({ ok: true, message: 'sticks: forward 0.5 m/s, right 0 m/s, climb 0 m/s, turn -30°/s' });
    await flight.link.stick(centre);
  }, 30_000);

  it('after a stick turn, a go() and its Stop hold the heading the drone has then, not the one before', async () => {
    flight = await startFlight();
    const { sim, link } = flight;
    await takeOff(flight, 5);
    await link.go('North'); // holds the heading it took off with
    await sim.after(1);
    await link.go('Stop');
    await hold(flight, stick({ yaw: 1 }), 1);
    await link.stick(centre);
    await sim.after(0.5);
    const turned = sim.truth.heading;
    expect(Math.abs(headingDifference(0, turned))).toBeGreaterThan(40);

    expect(await link.go('East')).toMatchObject({ ok: true });
    await sim.after(2);
    expect(Math.abs(headingDifference(turned, sim.truth.heading))).toBeLessThan(2);
    expect(await link.go('Stop')).toMatchObject({ ok: true, message: 'stopping' });
    await sim.after(2);
    expect(Math.abs(headingDifference(turned, sim.truth.heading))).toBeLessThan(2);
  }, 30_000);

  it('a go() takes over from a held stick and outlives its hold; a new speed or heading does not free the stick from it', async () => {
    const timers = new SimulatedTimers();
    const warnings: string[] = [];
    const logger = { ...createLogger('test'), warn: (m: string) => void warnings.push(m) };
    flight = await startFlight({ link: { timers, logger } });
    const { sim, link } = flight;
    await takeOff(flight, 5);
    await link.stick(stick({ forward: 1 }));
    expect(await link.go('North')).toMatchObject({ ok: true });
    timers.advance(2000);
    await sim.after(2);
    expect(sim.truth.vn).toBeCloseTo(1, 1);
    expect(warnings).toEqual([]);

    // Half forward at 1 m/s; the speed setting doubled, the stick flies half of the new one.
    await link.stick(stick({ forward: 0.5 }));
    expect(await link.setSpeed(2)).toMatchObject({ ok: true });
    await sim.after(2);
    expect(sim.truth.groundSpeed).toBeCloseTo(1, 1);
    expect(await link.changeHeading(90)).toMatchObject({ ok: true });
    timers.advance(1000);
    await sim.after(1.5);
    expect(sim.truth.groundSpeed).toBeLessThan(0.05);
    expect(warnings).toEqual(['no stick update for 1000 ms: letting go of the sticks (hover)']);
    // The heading the console asked for still holds after the stick let go.
    await sim.after(1);
    expect(Math.abs(headingDifference(90, sim.truth.heading))).toBeLessThan(2);
  }, 30_000);

  it('refuses the sticks during Return home with the rule\'s reason, and accepts them let go', async () => {
    flight = await startFlight({ sim: { params: { rtlLoiterS: 5 } } });
    const { link } = flight;
    await takeOff(flight, 5);
    expect(await link.rtl()).toMatchObject({ ok: true });
    await expect.poll(() => link.state, { timeout: 5000 }).toBe('returning');
    expect(await link.stick(stick({ forward: 1 }))).toEqual({ ok: false, reason: 'not-allowed', message: 'sticks: returning home: take over first' });
    expect(await link.stick(centre)).toMatchObject({ ok: true });
    expect(link.state).toBe('returning');
  }, 30_000);
});
