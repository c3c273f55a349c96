import type { Telemetry } from '@dronecast/protocol';

export interface LatLon {
  lat: number;
  lon: number;
}

/** Metres along one degree of latitude (and of longitude at the equator). */
export const metresPerDegree = 111_320;

/** Metres between two nearby points (equirectangular: exact enough over a flight). */
export function metresBetween(a: LatLon, b: LatLon): number {
  const dn = (b.lat - a.lat) * metresPerDegree;
  const de = (b.lon - a.lon) * metresPerDegree * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot(dn, de);
}

/** A position worth drawing: a vehicle without a 2D fix reports nothing useful, often 0,0. */
export function hasPosition<T extends Pick<Telemetry, 'lat' | 'lon' | 'gps'>>(t: T | null): t is T {
  return !!t && t.gps.fix >= 2 && !(t.lat === 0 && t.lon === 0);
}
