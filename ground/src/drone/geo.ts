/**
 * Flat-earth conversions between lat/lon and metres north/east of a reference point: within the
 * few kilometres a small drone flies, the error is centimetres (the same approximation ArduPilot's
 * location offsets use).
 */
const earthRadiusM = 6_378_137;
const rad = Math.PI / 180;

export interface LatLon {
  lat: number;
  lon: number;
}

export function offsetLatLon(origin: LatLon, northM: number, eastM: number): LatLon {
  return {
    lat: origin.lat + northM / earthRadiusM / rad,
    lon: origin.lon + eastM / (earthRadiusM * Math.cos(origin.lat * rad)) / rad,
  };
}

/** Metres north and east of origin. */
export function northEastOf(origin: LatLon, point: LatLon): { north: number; east: number } {
  return {
    north: (point.lat - origin.lat) * rad * earthRadiusM,
    east: (point.lon - origin.lon) * rad * earthRadiusM * Math.cos(origin.lat * rad),
  };
}

export function distanceM(a: LatLon, b: LatLon): number {
  const { north, east } = northEastOf(a, b);
  return Math.hypot(north, east);
}

/** Degrees in [0, 360). */
export function normalizeDegrees(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

/** Shortest signed turn from one heading to another, in (-180, 180]. */
export function headingDifference(from: number, to: number): number {
  const d = normalizeDegrees(to - from);
  return d > 180 ? d - 360 : d;
}
