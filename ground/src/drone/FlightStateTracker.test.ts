import { describe, expect, it } from 'vitest';
import { deriveDroneState, FlightStateTracker, type FlightFacts } from './FlightStateTracker.ts';

const onGround: FlightFacts = {
  linkUp: true,
  armed: false,
  airborne: false,
  mode: 'STABILIZE',
  verticalSpeed: 0,
  distanceFromHome: 0,
  arming: false,
  takeoffAltitude: undefined,
  altRel: 0,
};

describe('deriveDroneState', () => {
  it('reads the original states from armed, airborne, mode, altitude and climb', () => {
    const cases: [Partial<FlightFacts>, string][] = [
      [{ linkUp: false, armed: true, airborne: true }, 'disconnected'],
      [{}, 'connected'],
      [{ arming: true }, 'arming'],
      [{ armed: true }, 'armed'],
      [{ armed: true, takeoffAltitude: 5 }, 'takingOff'],
      [{ armed: true, airborne: true, mode: 'GUIDED', takeoffAltitude: 5, altRel: 3 }, 'takingOff'],
      [{ armed: true, airborne: true, mode: 'GUIDED', takeoffAltitude: 5, altRel: 4.9 }, 'flying'],
      [{ armed: true, airborne: true, mode: 'LOITER', altRel: 10 }, 'flying'],
      [{ armed: true, airborne: true, mode: 'RTL', distanceFromHome: 40, verticalSpeed: 0 }, 'returning'],
      [{ armed: true, airborne: true, mode: 'RTL', distanceFromHome: 1, verticalSpeed: -1.5 }, 'landing'],
      [{ armed: true, airborne: true, mode: 'LAND' }, 'landing'],
    ];
    for (const [facts, state] of cases) expect([facts, deriveDroneState({ ...onGround, ...facts })]).toEqual([facts, state]);
  });

  it('keeps an RTL landing "landing" down to touchdown, when the sink rate drops to zero', () => {
    const touching = { ...onGround, armed: true, airborne: true, mode: 'RTL', distanceFromHome: 0.1, verticalSpeed: 0 };
    expect(deriveDroneState(touching, 'landing')).toBe('landing');
    expect(deriveDroneState(touching, 'returning')).toBe('returning');
  });
});

describe('FlightStateTracker', () => {
  it('names take-off and landing', () => {
    const tracker = new FlightStateTracker();
    const armed = { ...onGround, armed: true };
    expect(tracker.update(armed)).toEqual({ changed: true, transitions: [] });
    tracker.update({ ...armed, takeoffAltitude: 5 });
    tracker.update({ ...armed, takeoffAltitude: 5, airborne: true, mode: 'GUIDED', altRel: 2 });
    expect(tracker.update({ ...armed, airborne: true, mode: 'GUIDED', altRel: 5 })).toEqual({ changed: true, transitions: ['tookOff'] });
    tracker.update({ ...armed, airborne: true, mode: 'LAND', altRel: 1 });
    expect(tracker.update({ ...armed, mode: 'LAND' })).toEqual({ changed: true, transitions: ['landed'] });
    expect(tracker.state).toBe('armed');
  });

  it('does not take a lost link for a landing', () => {
    const tracker = new FlightStateTracker();
    const flying = { ...onGround, armed: true, airborne: true, mode: 'GUIDED', altRel: 10 };
    tracker.update(flying);
    expect(tracker.update({ ...flying, linkUp: false })).toEqual({ changed: true, transitions: [] });
    expect(tracker.update(flying)).toEqual({ changed: true, transitions: [] });
  });
});
