import { describe, expect, it } from 'vitest';
import type { Telemetry } from '@dronecast/protocol';
import { sampleTelemetry } from '@dronecast/protocol/testing';
import { commandAvailability } from './commandAvailability.ts';

const base: Telemetry = sampleTelemetry({ altAbs: 100 });

describe('commandAvailability', () => {
  it('holds a page back while another pilot has the lease, whatever the drone could do', () => {
    expect(commandAvailability({ type: 'arm' }, base, true, true)).toEqual({ ok: false, why: 'another pilot has control' });
    expect(commandAvailability({ type: 'arm' }, base, true, false).ok).toBe(true);
  });

  it('follows the flight: take off from the ground, fly, land; and again after landing in LAND', () => {
    expect(commandAvailability({ type: 'arm' }, base, true).ok).toBe(true);
    expect(commandAvailability({ type: 'takeoff', altitude: 5 }, base, true).ok).toBe(true);
    const flying = { ...base, state: 'flying', armed: true } as const;
    expect(commandAvailability({ type: 'takeoff', altitude: 5 }, flying, true)).toEqual({ ok: false, why: 'already in the air' });
    expect(commandAvailability({ type: 'go', direction: 'North' }, flying, true).ok).toBe(true);
    expect(commandAvailability({ type: 'disarm' }, flying, true).why).toMatch(/land first/);
    const landedInLand = { ...base, flightMode: 'LAND' } as const;
    expect(commandAvailability({ type: 'takeoff', altitude: 5 }, landedInLand, true).ok).toBe(true);
  });

  it('never enables the pad during Return home: taking over comes first', () => {
    const returning = { ...base, state: 'returning', armed: true, flightMode: 'RTL' } as const;
    expect(commandAvailability({ type: 'go', direction: 'North' }, returning, true)).toEqual({ ok: false, why: 'returning home: take over first' });
    expect(commandAvailability({ type: 'setMode', mode: 'GUIDED' }, returning, true).ok).toBe(true);
  });

  it('says what is missing: the ground station, the drone, the link', () => {
    expect(commandAvailability({ type: 'arm' }, base, false).why).toMatch(/ground station is offline/);
    expect(commandAvailability({ type: 'arm' }, null, true).why).toMatch(/no drone/);
    expect(commandAvailability({ type: 'arm' }, { ...base, linkLost: true }, true).why).toMatch(/link is lost/);
  });
});
