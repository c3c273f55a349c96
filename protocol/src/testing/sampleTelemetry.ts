import type { Telemetry } from '../drone.ts';

/** A whole telemetry sample for tests: a drone on the ground, connected, GUIDED; override what the test is about. */
export function sampleTelemetry(overrides: Partial<Telemetry> = {}): Telemetry {
  return {
    state: 'connected',
    linkLost: false,
    lat: 0,
    lon: 0,
    altRel: 0,
    altAbs: 0,
    groundSpeed: 0,
    verticalSpeed: 0,
    heading: 0,
    roll: 0,
    pitch: 0,
    battery: { voltage: 12.6, current: 0, remaining: 100 },
    flightMode: 'GUIDED',
    armed: false,
    gps: { fix: 3, satellites: 10 },
    time: 0,
    ...overrides,
  };
}
