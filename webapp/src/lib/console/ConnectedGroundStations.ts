import type { GroundStation } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

/**
 * The MAVLink ground stations (QGroundControl, Mission Planner, MAVProxy) the ground agent routes
 * the drone to, as the SFU tells consoles: on joining, on every change, and each second while any.
 */
export class ConnectedGroundStations {
  readonly #stations = new ObservableValue<readonly GroundStation[]>([]);
  readonly #unsubscribe: () => void;

  constructor(signaling: Signaling) {
    this.#unsubscribe = signaling.on('drone:groundStations', ({ stations }) => this.#stations.set(stations));
  }

  get stations(): Observable<readonly GroundStation[]> {
    return this.#stations;
  }

  close(): void {
    this.#unsubscribe();
  }
}
