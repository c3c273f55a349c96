import type { AvailableTransports, SwitchableTransport } from '@dronecast/protocol';
import { refusalReason } from '../capture/refusalReason.ts';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

export interface TransportSwitchesState {
  /** What the server offers now; null until the first welcome. */
  transports: AvailableTransports | null;
  /** A switch on its way to the server. */
  pending: SwitchableTransport | null;
  /** Why the last switch was refused, or null. */
  error: string | null;
}

/**
 * The console's websocket and MQTT switches: the server's word on what is offered (the welcome,
 * then `video:transports` to everyone on each change), and the console's requests to change it.
 */
export class TransportSwitches {
  readonly #signaling: Signaling;
  readonly #state = new ObservableValue<TransportSwitchesState>({ transports: null, pending: null, error: null });
  readonly #unsubscribe: (() => void)[];

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
    this.#unsubscribe = [
      signaling.status.subscribe(({ welcome }) => {
        if (welcome) this.#patch({ transports: welcome.transports });
      }),
      signaling.on('video:transports', (transports) => this.#patch({ transports })),
    ];
  }

  get state(): Observable<TransportSwitchesState> {
    return this.#state;
  }

  /** Resolves true once switched; false when refused (the reason is in `state`). */
  async set(transport: SwitchableTransport, on: boolean): Promise<boolean> {
    if (this.#state.value.pending) return false;
    this.#patch({ pending: transport, error: null });
    try {
      const transports = await this.#signaling.request('video:setTransports', { [transport]: on }, 10_000);
      this.#patch({ transports, pending: null });
      return true;
    } catch (error) {
      this.#patch({ pending: null, error: `${transport === 'mqtt' ? 'MQTT' : 'Websocket'} not switched ${on ? 'on' : 'off'}: ${refusalReason(error)}` });
      return false;
    }
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  #patch(change: Partial<TransportSwitchesState>): void {
    this.#state.set({ ...this.#state.value, ...change });
  }
}
