import type { DroneCommand } from '@dronecast/protocol';
import { refusalReason } from '../capture/refusalReason.ts';
import type { CommandFeedback } from '../flight/FlightControls.ts';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

/** The ground agent answers a connect once the link is up or has failed; a serial port can take a while. */
const linkCommandTimeoutMs = 20_000;

/**
 * The console's say over the drone link: connect the ground agent to the configured drone or to a
 * connection string, or drop the link; each answered done or refused with the reason.
 */
export class DroneLinkControls {
  readonly #signaling: Signaling;
  readonly #last = new ObservableValue<CommandFeedback | null>(null);

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
  }

  /** The last connect or disconnect and how it went. */
  get last(): Observable<CommandFeedback | null> {
    return this.#last;
  }

  /** An empty connection string means the drone the ground agent was started with. */
  connect(connection: string): Promise<void> {
    const trimmed = connection.trim();
    const command: DroneCommand = trimmed ? { type: 'connect', connection: trimmed } : { type: 'connect' };
    return this.#send(command, trimmed ? `Connect to ${trimmed}` : 'Connect to the configured drone');
  }

  disconnect(): Promise<void> {
    return this.#send({ type: 'disconnect' }, 'Disconnect');
  }

  async #send(command: DroneCommand, label: string): Promise<void> {
    this.#last.set({ label, state: 'pending', message: '' });
    try {
      const outcome = await this.#signaling.request('drone:command', { command }, linkCommandTimeoutMs);
      this.#last.set({ label, state: outcome.ok ? 'done' : 'refused', message: outcome.message });
    } catch (error) {
      this.#last.set({ label, state: 'refused', message: refusalReason(error) });
    }
  }
}
