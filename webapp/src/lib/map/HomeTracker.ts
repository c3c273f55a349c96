import type { DroneState, Telemetry } from '@dronecast/protocol';
import { hasPosition, type LatLon } from './geo.ts';

type Sample = Pick<Telemetry, 'lat' | 'lon' | 'gps' | 'armed' | 'state' | 'linkLost'>;

/** States in which a drone connected to its agent stands on the ground, ready to arm or take off. */
const grounded: ReadonlySet<DroneState> = new Set(['connected', 'arming', 'armed']);
const airborne: ReadonlySet<DroneState> = new Set(['takingOff', 'flying', 'returning', 'landing']);

/**
 * Home as a page can know it from telemetry: where the drone was when it armed (where ArduPilot
 * sets its own home), or where it took off if it was already armed when the page opened. A page
 * opened mid-flight saw neither and takes the first position it gets: its "home" is where the drone
 * was then, not the launch point. Each new arming moves home.
 *
 * Transitions count only between two samples of a live link, from the ground states: a link or an
 * agent coming back reports `armed` and the state afresh, which is not an arming. An arming or
 * take-off seen without a GPS fix puts home at the next fix.
 */
export class HomeTracker {
  #home: LatLon | null = null;
  #previous: Sample | null = null;
  #launchedWithoutFix = false;
  /** This flight's arming was seen: the take-off that follows does not move home again. */
  #sawArming = false;

  get home(): LatLon | null {
    return this.#home;
  }

  update(t: Sample): LatLon | null {
    const before = t.linkLost ? null : this.#previous;
    const fromGround = before !== null && grounded.has(before.state);
    const armed = fromGround && !before.armed && t.armed;
    const tookOff = fromGround && !this.#sawArming && airborne.has(t.state);
    this.#sawArming = t.armed && (this.#sawArming || armed);
    if (hasPosition(t)) {
      if (armed || tookOff || this.#launchedWithoutFix || this.#home === null) this.#home = { lat: t.lat, lon: t.lon };
      this.#launchedWithoutFix = false;
    } else if (armed || tookOff) {
      this.#launchedWithoutFix = true;
    }
    this.#previous = t.linkLost ? null : t;
    return this.#home;
  }
}
