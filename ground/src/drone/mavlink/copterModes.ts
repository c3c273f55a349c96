import { ardupilotmega } from 'node-mavlink';
import type { FlightMode } from '@dronecast/protocol';

/** ArduCopter's custom_mode numbers for the modes the project flies (STABILIZE 0, GUIDED 4, LOITER 5, RTL 6, LAND 9). */
export const copterModeNumber: Record<FlightMode, number> = {
  STABILIZE: ardupilotmega.CopterMode.STABILIZE,
  GUIDED: ardupilotmega.CopterMode.GUIDED,
  LOITER: ardupilotmega.CopterMode.LOITER,
  RTL: ardupilotmega.CopterMode.RTL,
  LAND: ardupilotmega.CopterMode.LAND,
};

/** Any ArduCopter mode's name (ALT_HOLD, POSHOLD... too), or "UNKNOWN(n)". */
export function copterModeName(customMode: number): string {
  return (ardupilotmega.CopterMode as Record<number, string | undefined>)[customMode] ?? `UNKNOWN(${customMode})`;
}

export function isFlightMode(name: string): name is FlightMode {
  return Object.hasOwn(copterModeNumber, name);
}
