import { describe, expect, it } from 'vitest';
import type { Telemetry } from '@dronecast/protocol';
import { batteryChip, climb, gpsChip, linkChip } from './hudReadouts.ts';

const base: Telemetry = {
  state: 'flying', linkLost: false, lat: 0, lon: 0, altRel: 10, altAbs: 110, groundSpeed: 2, verticalSpeed: 0,
  heading: 90, roll: 0, pitch: 0, battery: { voltage: 12.1, current: 8, remaining: 80 }, flightMode: 'GUIDED',
  armed: true, gps: { fix: 3, satellites: 12 }, time: 0,
};

describe('the HUD readouts', () => {
  it('warns of a low battery plainly', () => {
    expect(batteryChip(base)).toMatchObject({ text: '80% 12.1 V', tone: 'ok' });
    expect(batteryChip({ ...base, battery: { ...base.battery, remaining: 19 } })).toMatchObject({ text: 'LOW 19% 12.1 V', tone: 'bad' });
  });

  it('names the GPS fix', () => {
    expect(gpsChip(base).text).toBe('GPS 3D · 12');
    expect(gpsChip({ ...base, gps: { fix: 1, satellites: 3 } })).toMatchObject({ text: 'GPS no fix · 3', tone: 'bad' });
  });

  it('says which link is down, nearest first', () => {
    expect(linkChip('reconnecting', true, base).text).toBe('Server offline');
    expect(linkChip('connected', false, base).text).toBe('Ground offline');
    expect(linkChip('connected', true, { ...base, linkLost: true }).text).toBe('Drone link lost');
    expect(linkChip('connected', true, base)).toEqual({ text: 'Drone link OK', tone: 'ok' });
  });

  it('shows the climb direction', () => {
    expect(climb({ ...base, verticalSpeed: 1.24 })).toBe('↑1.2');
    expect(climb({ ...base, verticalSpeed: -0.5 })).toBe('↓0.5');
    expect(climb(base)).toBe('0.0');
  });
});
