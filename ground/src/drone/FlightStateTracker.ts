import type { DroneState } from '@dronecast/protocol';

/** What the ground station knows that decides the flight state. */
export interface FlightFacts {
  /** A heartbeat came recently. */
  linkUp: boolean;
  armed: boolean;
  /** Off the ground: ArduCopter reports MAV_STATE_ACTIVE when flying, STANDBY when landed. */
  airborne: boolean;
  /** ArduCopter mode name. */
  mode: string;
  verticalSpeed: number;
  /** Metres from home horizontally, when home is known. */
  distanceFromHome: number | undefined;
  /** An arm command is on its way. */
  arming: boolean;
  /** Altitude (above home) of an accepted take-off not yet reached. */
  takeoffAltitude: number | undefined;
  altRel: number;
}

/** Within this of home and sinking, an RTL is in its final descent: the pilot sees "landing". */
const rtlLandingRadiusM = 3;

/** `previous` keeps an RTL's final descent "landing" once seen, down to touchdown (where the sink rate drops to zero). */
export function deriveDroneState(f: FlightFacts, previous: DroneState = 'disconnected'): DroneState {
  if (!f.linkUp) return 'disconnected';
  if (!f.armed) return f.arming ? 'arming' : 'connected';
  if (!f.airborne) return f.takeoffAltitude !== undefined ? 'takingOff' : 'armed';
  if (f.mode === 'LAND') return 'landing';
  if (f.mode === 'RTL') {
    if (previous === 'landing') return 'landing';
    const nearHome = f.distanceFromHome !== undefined && f.distanceFromHome < rtlLandingRadiusM;
    return nearHome && f.verticalSpeed < -0.2 ? 'landing' : 'returning';
  }
  if (f.takeoffAltitude !== undefined && f.altRel < f.takeoffAltitude * 0.95) return 'takingOff';
  return 'flying';
}

export type FlightTransition = 'tookOff' | 'landed';

/** Follows the derived state and names the moments pilots care about: took off, landed. */
export class FlightStateTracker {
  state: DroneState = 'disconnected';
  private wasAirborne = false;

  /** Returns the new state if it changed, and what happened. */
  update(facts: FlightFacts): { changed: boolean; transitions: FlightTransition[] } {
    const previous = this.state;
    this.state = deriveDroneState(facts, previous);
    const transitions: FlightTransition[] = [];
    if (this.state === 'flying' && (previous === 'takingOff' || previous === 'armed')) transitions.push('tookOff');
    // While the link is down we can't tell; the landing is reported once the heartbeat is back.
    if (facts.linkUp) {
      if (this.wasAirborne && !facts.airborne) transitions.push('landed');
      this.wasAirborne = facts.airborne && facts.armed;
    }
    return { changed: previous !== this.state, transitions };
  }
}
