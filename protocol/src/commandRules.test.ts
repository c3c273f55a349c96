import { describe, expect, it } from 'vitest';
import { canTakeOver, commandAllowed } from './commandRules.ts';
import type { DroneCommand, DroneState, Telemetry } from './drone.ts';
import { sampleTelemetry } from './testing/sampleTelemetry.ts';

function telemetry(state: DroneState, flightMode: string, armed: boolean, linkLost = false): Telemetry {
  return sampleTelemetry({ state, flightMode, armed, linkLost });
}

const landedAfterLanding = telemetry('connected', 'LAND', false);
const hovering = telemetry('flying', 'GUIDED', true);
const returning = telemetry('returning', 'RTL', true);
const landing = telemetry('landing', 'LAND', true);
const north: DroneCommand = { type: 'go', direction: 'North' };
const verdict = (command: DroneCommand, t: Telemetry | null) => commandAllowed(command, t);

describe('what may be sent when', () => {
  it('takes off from any landed state, a second flight after a landing included', () => {
    expect(verdict({ type: 'takeoff', altitude: 5 }, landedAfterLanding)).toEqual({ ok: true });
    expect(verdict({ type: 'takeoff', altitude: 5 }, telemetry('armed', 'GUIDED', true))).toEqual({ ok: true });
    expect(verdict({ type: 'arm' }, landedAfterLanding)).toEqual({ ok: true });
    expect(verdict({ type: 'takeoff', altitude: 5 }, hovering)).toEqual({ ok: false, why: 'already in the air' });
  });

  it('gives the sticks way to taking over while the drone returns home or lands', () => {
    expect(verdict(north, returning)).toEqual({ ok: false, why: 'returning home: take over first' });
    expect(verdict(north, landing)).toEqual({ ok: false, why: 'landing: take over first' });
    expect(verdict({ type: 'heading', degrees: 90 }, telemetry('flying', 'LOITER', true))).toEqual({ ok: false, why: 'the drone is in LOITER: take over first' });
    expect(verdict({ type: 'setMode', mode: 'GUIDED' }, returning)).toEqual({ ok: true });
    expect(canTakeOver(returning)).toBe(true);
    expect(canTakeOver(landing)).toBe(true);
    expect(canTakeOver(hovering)).toBe(false);
    expect(canTakeOver(landedAfterLanding)).toBe(false);
  });

  it('flies and turns in GUIDED in the air, and Stop is always safe', () => {
    expect(verdict(north, hovering)).toEqual({ ok: true });
    expect(verdict({ type: 'goto', lat: 1, lon: 1, alt: 10 }, telemetry('takingOff', 'GUIDED', true))).toEqual({ ok: true });
    expect(verdict(north, telemetry('armed', 'GUIDED', true))).toEqual({ ok: false, why: 'take off first' });
    expect(verdict({ type: 'go', direction: 'Stop' }, returning)).toEqual({ ok: true });
    expect(verdict({ type: 'go', direction: 'Stop' }, landedAfterLanding)).toEqual({ ok: true });
  });

  it('flies the sticks by the same rule as the pad, and sticks let go are a Stop', () => {
    const forward: DroneCommand = { type: 'stick', forward: 1, right: 0, up: 0, yaw: 0 };
    const centred: DroneCommand = { type: 'stick', forward: 0, right: 0, up: 0, yaw: 0 };
    expect(verdict(forward, hovering)).toEqual({ ok: true });
    expect(verdict(forward, returning)).toEqual({ ok: false, why: 'returning home: take over first' });
    expect(verdict({ ...forward, forward: 0, yaw: -0.5 }, landedAfterLanding)).toEqual({ ok: false, why: 'take off first' });
    expect(verdict(centred, returning)).toEqual({ ok: true });
    expect(verdict(centred, landedAfterLanding)).toEqual({ ok: true });
  });

  it('lands or returns once, only in the air, and disarms only on the ground', () => {
    expect(verdict({ type: 'land' }, landing)).toEqual({ ok: false, why: 'already landing' });
    expect(verdict({ type: 'rtl' }, returning)).toEqual({ ok: false, why: 'already returning home' });
    expect(verdict({ type: 'land' }, returning)).toEqual({ ok: true });
    expect(verdict({ type: 'rtl' }, landedAfterLanding)).toEqual({ ok: false, why: 'not in the air' });
    expect(verdict({ type: 'disarm' }, hovering)).toEqual({ ok: false, why: 'in the air: land first' });
    expect(verdict({ type: 'disarm' }, telemetry('armed', 'GUIDED', true))).toEqual({ ok: true });
  });

  it('refuses everything about the vehicle without a live link, but not the link itself', () => {
    expect(verdict({ type: 'arm' }, null)).toEqual({ ok: false, why: 'no drone connected' });
    expect(verdict({ type: 'land' }, telemetry('flying', 'GUIDED', true, true))).toEqual({ ok: false, why: 'the drone link is lost' });
    expect(verdict({ type: 'connect' }, null)).toEqual({ ok: true });
    expect(verdict({ type: 'setSpeed', metersPerSecond: 3 }, null)).toEqual({ ok: true });
  });
});
