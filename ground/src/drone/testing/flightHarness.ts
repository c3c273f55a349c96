import { expect } from 'vitest';
import type { DroneEvent, DroneState, Telemetry } from '@dronecast/protocol';
import { MavlinkDroneLink } from '../MavlinkDroneLink.ts';
import type { MavlinkDroneLinkOptions } from '../MavlinkDroneLinkOptions.ts';
import { VehicleSimulator, type VehicleSimulatorOptions } from '../sim/VehicleSimulator.ts';

/** Flights in tests run the simulated clock this many times faster than real time. */
export const timeScale = 10;

export interface Flight {
  sim: VehicleSimulator;
  link: MavlinkDroneLink;
  states: DroneState[];
  events: DroneEvent[];
  telemetry: Telemetry[];
  close(): Promise<void>;
}

/**
 * A simulator and a connected MavlinkDroneLink, everything recorded. The link's resend period is
 * scaled with the simulator's clock, so the vehicle sees setpoints every simulated second.
 */
export async function startFlight(
  options: { sim?: VehicleSimulatorOptions; link?: Partial<MavlinkDroneLinkOptions>; connection?: (sim: VehicleSimulator) => string } = {},
): Promise<Flight> {
  const sim = new VehicleSimulator({ listen: ['udp:127.0.0.1:0'], timeScale, ...options.sim, params: { gpsFixDelayS: 0, ...options.sim?.params } });
  await sim.start();
  const connection = options.connection?.(sim) ?? sim.endpoints[0]!.groundStation!;
  const link = new MavlinkDroneLink({ connection, ...options.link, timing: { setpointResendMs: 1000 / timeScale, ...options.link?.timing } });
  const flight: Flight = {
    sim,
    link,
    states: [],
    events: [],
    telemetry: [],
    close: async () => {
      await link.close();
      await sim.stop();
    },
  };
  link.on('state', (s) => flight.states.push(s));
  link.on('event', (e) => flight.events.push(e));
  link.on('telemetry', (t) => flight.telemetry.push(t));
  try {
    await link.connect(5000);
  } catch (error) {
    await sim.stop();
    throw error;
  }
  return flight;
}

export function eventTypes(flight: Flight): string[] {
  return flight.events.filter((e) => e.type !== 'statusText').map((e) => e.type);
}

/** Waits for the GPS fix, arms and takes off to `alt`, returning once the link reports 'tookOff'. */
export async function takeOff(flight: Flight, alt = 5): Promise<void> {
  const { link } = flight;
  await expect.poll(() => link.telemetry.gps.fix, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
  expect(await link.arm()).toMatchObject({ ok: true });
  expect(await link.takeoff(alt)).toMatchObject({ ok: true, message: `taking off to ${alt} m` });
  await expect.poll(() => eventTypes(flight), { timeout: 5000 }).toContain('tookOff');
}
