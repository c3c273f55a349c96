import { metresBetween, type LatLon } from './geo.ts';

/**
 * Where the drone has been: a point each time it has moved `minStepM` since the last (a hovering
 * drone's GPS jitter adds nothing), the oldest dropped past `maxPoints` so a long flight costs the
 * phone a bounded amount of memory and drawing.
 */
export class DroneTrack {
  readonly #points: LatLon[] = [];

  constructor(
    readonly minStepM = 0.5,
    readonly maxPoints = 2000,
  ) {}

  get points(): readonly LatLon[] {
    return this.#points;
  }

  /**
   * Adds a position. Returns what changed so a drawing can follow in place: `added` (false when it
   * was too close to the last point) and `dropped`, the oldest points let go to stay within the cap.
   */
  add(position: LatLon): { added: boolean; dropped: number } {
    const last = this.#points[this.#points.length - 1];
    if (last && metresBetween(last, position) < this.minStepM) return { added: false, dropped: 0 };
    this.#points.push({ lat: position.lat, lon: position.lon });
    const dropped = Math.max(0, this.#points.length - this.maxPoints);
    if (dropped > 0) this.#points.splice(0, dropped);
    return { added: true, dropped };
  }
}
