import { ProtocolError, type DroneCommand, type StickCommand, type Telemetry } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

export interface CommandFeedback {
  /** What was asked, in words ("Take off to 5 m"). */
  label: string;
  state: 'pending' | 'done' | 'refused';
  /** The drone's or the server's answer. */
  message: string;
}

export interface FlightView {
  telemetry: Telemetry | null;
  agentOnline: boolean;
  /** The last command and how it went. */
  last: CommandFeedback | null;
}

/**
 * The pilot's flying: telemetry as it comes, and commands with their outcome (pending, done, or
 * refused with the drone's or the server's reason). Flying takes the control lease on the server.
 */
export class FlightControls {
  readonly #signaling: Signaling;
  readonly #view = new ObservableValue<FlightView>({ telemetry: null, agentOnline: false, last: null });
  readonly #unsubscribe: (() => void)[];
  /** Metres to take off to: set in the flight details, used by every Take off on the page. */
  readonly takeoffAltitude = new ObservableValue(5);

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
    this.#unsubscribe = [
      signaling.on('drone:telemetry', (telemetry) => this.#set({ telemetry })),
      signaling.on('drone:agent', ({ online }) => this.#set({ agentOnline: online })),
    ];
  }

  get view(): Observable<FlightView> {
    return this.#view;
  }

  async send(command: DroneCommand, label: string): Promise<void> {
    this.#set({ last: { label, state: 'pending', message: '' } });
    try {
      const outcome = await this.#signaling.request('drone:command', { command }, 20_000);
      this.#set({ last: { label, state: outcome.ok ? 'done' : 'refused', message: outcome.message } });
    } catch (error) {
      const message = error instanceof ProtocolError || error instanceof Error ? error.message : String(error);
      this.#set({ last: { label, state: 'refused', message } });
    }
  }

  /**
   * One stick sample (12.5 a second while held): no "sending…" for each, only a refusal is shown,
   * once, so the pilot sees why the sticks do nothing.
   */
  async stick(command: StickCommand): Promise<void> {
    try {
      const outcome = await this.#signaling.request('drone:command', { command }, 5000);
      if (!outcome.ok) this.#refusedStick(outcome.message);
    } catch (error) {
      this.#refusedStick(error instanceof Error ? error.message : String(error));
    }
  }

  #refusedStick(message: string): void {
    const last = this.#view.value.last;
    if (last?.label === 'Sticks' && last.state === 'refused' && last.message === message) return;
    this.#set({ last: { label: 'Sticks', state: 'refused', message } });
  }

  /** Asks the pilot who has control to hand it over. */
  async askForControl(): Promise<void> {
    await this.#signaling.request('control:ask', {}).catch(() => undefined);
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  #set(change: Partial<FlightView>): void {
    this.#view.set({ ...this.#view.value, ...change });
  }
}
