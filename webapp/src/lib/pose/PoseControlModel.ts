import { defaultPoseHoldMs, ProtocolError, type PoseControlState, type PoseFired, type PoseSeen } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { SessionStatus, Signaling } from '../session/SessionTypes.ts';

export interface PoseView {
  /** Pose control as the server says: on or off, and for whose camera. */
  control: PoseControlState;
  /** It is on for this phone's camera. */
  mine: boolean;
  /** What the pose worker sees now (null: nobody fully in view; undefined: no word yet). */
  seen: PoseSeen | undefined;
  /** The last pose that became a command, or was refused. */
  fired: PoseFired | undefined;
  /** A switch is on its way. */
  pending: boolean;
  /** Why the last switch was refused, in plain words. */
  error: string | null;
}

/** The phone's view of pose control: the switch, what the worker sees, and what it did. */
export class PoseControlModel {
  readonly #signaling: Signaling;
  readonly #view = new ObservableValue<PoseView>({
    control: { enabled: false, holdMs: defaultPoseHoldMs, pilotPeerId: null },
    mine: false,
    seen: undefined,
    fired: undefined,
    pending: false,
    error: null,
  });
  readonly #unsubscribe: (() => void)[] = [];
  #welcome: SessionStatus['welcome'] = null;
  #camera: string | null = null;

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
    this.#unsubscribe.push(
      signaling.status.subscribe(({ welcome }) => {
        this.#welcome = welcome;
        this.#set({ mine: this.#isMine(this.#view.value.control) });
      }),
      signaling.on('pose:control', (control) => this.#set({ control, mine: this.#isMine(control) })),
      signaling.on('pose:seen', (seen) => {
        if (seen.producerId === this.#camera) this.#set({ seen });
      }),
      signaling.on('pose:fired', (fired) => this.#set({ fired })),
    );
  }

  get view(): Observable<PoseView> {
    return this.#view;
  }

  /** This phone's camera producer (null when not sending): only what the worker sees in it is shown. */
  setCamera(producerId: string | null): void {
    if (producerId === this.#camera) return;
    this.#camera = producerId;
    this.#set({ seen: undefined });
  }

  /** Turns pose control on (for this phone's camera) or off; a refusal is kept in `error`. */
  async setEnabled(enabled: boolean, holdMs?: number): Promise<void> {
    this.#set({ pending: true, error: null });
    try {
      const control = await this.#signaling.request('pose:setControl', holdMs === undefined ? { enabled } : { enabled, holdMs });
      this.#set({ control, mine: this.#isMine(control), pending: false });
    } catch (error) {
      const reason = error instanceof ProtocolError || error instanceof Error ? error.message : String(error);
      this.#set({ pending: false, error: `Pose control not ${enabled ? 'turned on' : 'turned off'}: ${reason}` });
    }
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  #isMine(control: PoseControlState): boolean {
    return control.enabled && this.#welcome !== null && control.pilotPeerId === this.#welcome.peerId;
  }

  #set(change: Partial<PoseView>): void {
    this.#view.set({ ...this.#view.value, ...change });
  }
}
