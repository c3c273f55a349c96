import { describe, expect, it } from 'vitest';
import type { Telemetry } from '@dronecast/protocol';
import { actionAvailability } from './commandAvailability.ts';

const base: Telemetry = {
  state: 'connected',
  linkLost: false,
  lat: 0,
  lon: 0,
  altRel: 0,
  altAbs: 100,
  groundSpeed: 0,
  verticalSpeed: 0,
  heading: 0,
  battery: { voltage: 12.6, current: 0, remaining: 100 },
  flightMode: 'GUIDED',
  armed: false,
  gps: { fix: 3, satellites: 10 },
  time: 0,
};

describe('actionAvailability', () => {
  it('follows the flight: arm, take off, fly, land', () => {
    expect(actionAvailability('arm', base, true).ok).toBe(true);
    expect(actionAvailability('takeoff', base, true)).toEqual({ ok: false, why: 'arm first' });
    const armed = { ...base, state: 'armed', armed: true } as const;
    expect(actionAvailability('takeoff', armed, true).ok).toBe(true);
    expect(actionAvailability('go', armed, true).why).toBe('take off first');
    const flying = { ...armed, state: 'flying' } as const;
    expect(actionAvailability('go', flying, true).ok).toBe(true);
    expect(actionAvailability('land', flying, true).ok).toBe(true);
    expect(actionAvailability('disarm', flying, true).why).toMatch(/land first/);
  });

  it('says what is missing: the ground station, the drone, the link', () => {
    expect(actionAvailability('arm', base, false).why).toMatch(/ground station is offline/);
    expect(actionAvailability('arm', null, true).why).toMatch(/no drone/);
    expect(actionAvailability('arm', { ...base, linkLost: true }, true).why).toMatch(/link is lost/);
  });
});
