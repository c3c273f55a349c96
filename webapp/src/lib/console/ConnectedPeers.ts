import type { ConnectedPeer } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

/** Everyone connected for this drone, as the SFU tells consoles (on joining and on every change). */
export class ConnectedPeers {
  readonly #peers = new ObservableValue<readonly ConnectedPeer[]>([]);
  readonly #unsubscribe: () => void;

  constructor(signaling: Signaling) {
    this.#unsubscribe = signaling.on('session:peers', ({ peers }) => this.#peers.set(peers));
  }

  get peers(): Observable<readonly ConnectedPeer[]> {
    return this.#peers;
  }

  close(): void {
    this.#unsubscribe();
  }
}
