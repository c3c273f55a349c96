import { describe, expect, it } from 'vitest';
import type { DroneState } from '@dronecast/protocol';
import { HomeTracker } from './HomeTracker.ts';

const fix = { fix: 3, satellites: 12 };
const noFix = { fix: 0, satellites: 0 };

function sample(lat: number, state: DroneState, armed: boolean, extra: { gps?: typeof fix; linkLost?: boolean } = {}) {
  return { lat, lon: 8, state, armed, gps: extra.gps ?? fix, linkLost: extra.linkLost ?? false };
}

describe('home on the map', () => {
  it('is nowhere before a fix, then the first fix, then where the drone armed', () => {
    const home = new HomeTracker();
    expect(home.update(sample(0, 'connected', false, { gps: noFix }))).toBeNull();
    expect(home.update(sample(47.1, 'connected', false))).toEqual({ lat: 47.1, lon: 8 });
    // Carried to the launch spot before arming: home follows the arming, not the first fix.
    expect(home.update(sample(47.2, 'armed', true))).toEqual({ lat: 47.2, lon: 8 });
    expect(home.update(sample(47.3, 'takingOff', true))).toEqual({ lat: 47.2, lon: 8 });
    expect(home.update(sample(47.4, 'flying', true))).toEqual({ lat: 47.2, lon: 8 });
  });

  it('opened mid-flight, takes the first position it gets', () => {
    const home = new HomeTracker();
    home.update(sample(47.5, 'flying', true));
    expect(home.update(sample(47.6, 'flying', true))).toEqual({ lat: 47.5, lon: 8 });
  });

  it('opened while armed on the ground, moves to where the drone takes off', () => {
    const home = new HomeTracker();
    home.update(sample(47.1, 'armed', true));
    expect(home.update(sample(47.11, 'takingOff', true))).toEqual({ lat: 47.11, lon: 8 });
  });

  it('moves for the next flight, and waits for a fix if the arming had none', () => {
    const home = new HomeTracker();
    home.update(sample(47.1, 'connected', false));
    home.update(sample(47.1, 'armed', true));
    home.update(sample(47.1, 'flying', true));
    home.update(sample(47.2, 'connected', false));
    expect(home.update(sample(47.2, 'armed', true, { gps: noFix }))).toEqual({ lat: 47.1, lon: 8 });
    expect(home.update(sample(47.25, 'armed', true))).toEqual({ lat: 47.25, lon: 8 });
    expect(home.update(sample(47.3, 'flying', true))).toEqual({ lat: 47.25, lon: 8 });
  });

  it('does not take a link coming back, or an agent reconnecting, for an arming', () => {
    const home = new HomeTracker();
    home.update(sample(47.1, 'connected', false));
    home.update(sample(47.1, 'armed', true));
    home.update(sample(47.3, 'flying', true, { linkLost: true }));
    expect(home.update(sample(47.3, 'flying', true))).toEqual({ lat: 47.1, lon: 8 });
    home.update(sample(0, 'disconnected', false, { gps: noFix }));
    expect(home.update(sample(47.4, 'flying', true))).toEqual({ lat: 47.1, lon: 8 });
  });
});
