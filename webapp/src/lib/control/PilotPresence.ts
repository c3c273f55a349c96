import { pilotAliveIntervalMs, type LeaseHolder } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Notifier, SessionStatus, Signaling } from '../session/SessionTypes.ts';

/**
 * Who holds the control lease, and the dead-man signal: while this page holds it, it tells the
 * server it is alive 4 times a second, so a phone that freezes or loses its link stops the drone.
 */
export class PilotPresence {
  readonly #signaling: Signaling & Notifier;
  readonly #holder = new ObservableValue<LeaseHolder>(null);
  readonly #unsubscribe: (() => void)[] = [];
  #welcome: SessionStatus['welcome'] = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(signaling: Signaling & Notifier) {
    this.#signaling = signaling;
    this.#unsubscribe.push(
      signaling.on('control:lease', ({ holder }) => {
        this.#holder.set(holder);
        this.#update();
      }),
      signaling.status.subscribe(({ welcome }) => {
        this.#welcome = welcome;
        this.#update();
      }),
    );
  }

  /** The lease holder as the server last said (null: nobody flies). */
  get holder(): Observable<LeaseHolder> {
    return this.#holder;
  }

  /** Whether this page holds the lease now. */
  get inControl(): boolean {
    const holder = this.#holder.value;
    return holder !== null && this.#welcome !== null && holder.peerId === this.#welcome.peerId;
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #update(): void {
    if (this.inControl && !this.#timer) {
      this.#signaling.notify('control:alive', {});
      this.#timer = setInterval(() => this.#signaling.notify('control:alive', {}), pilotAliveIntervalMs);
    } else if (!this.inControl && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
