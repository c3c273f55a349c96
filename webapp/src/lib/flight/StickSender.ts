import { stickCentred, type StickAxes, type StickCommand } from '@dronecast/protocol';

export interface StickClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StickSenderOptions {
  send(command: StickCommand): void;
  clock?: StickClock;
  /** A held stick is resent this often even when the thumb is still: 12.5 Hz, so timer drift never takes it under the 10 Hz asked for. */
  resendMs?: number;
  /** Changes go out at once, but no closer together than this (a thumb's pointer events come at 60-120 Hz); resends don't count. */
  minGapMs?: number;
}

const realClock: StickClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const centred: StickAxes = { forward: 0, right: 0, up: 0, yaw: 0 };

/**
 * Turns the two sticks' positions into the stick command stream: a change goes out at once
 * (stick-to-wire time is what the pilot feels), a held stick is resent every `resendMs` so the
 * ground's dead-man keeps it, and letting go sends one zero so the drone brakes now.
 */
export class StickSender {
  readonly #send: (command: StickCommand) => void;
  readonly #clock: StickClock;
  readonly #resendMs: number;
  readonly #minGapMs: number;
  #axes: StickAxes = centred;
  /** When the last new position went out (a resend of the same one doesn't hold a change back). */
  #lastChangeAt = Number.NEGATIVE_INFINITY;
  #lastSent: StickAxes = centred;
  #timer: unknown;

  constructor(options: StickSenderOptions) {
    this.#send = options.send;
    this.#clock = options.clock ?? realClock;
    this.#resendMs = options.resendMs ?? 80;
    this.#minGapMs = options.minGapMs ?? 40;
  }

  get axes(): StickAxes {
    return this.#axes;
  }

  /** Sets some axes (one stick moves two of them); the others keep their value. */
  set(change: Partial<StickAxes>): void {
    const next = { ...this.#axes, ...change };
    if (sameAxes(next, this.#axes)) return;
    this.#axes = next;
    this.#schedule();
  }

  /** Both sticks to the centre at once (the view goes away, control is lost). */
  release(): void {
    this.set(centred);
  }

  close(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!stickCentred(this.#lastSent)) this.#emit(centred);
  }

  #schedule(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const held = !stickCentred(this.#axes);
    // Nothing held and nothing moving on our account: stay quiet.
    if (!held && stickCentred(this.#lastSent)) return;
    const wait = this.#lastChangeAt + this.#minGapMs - this.#clock.now();
    if (wait > 0 && held) {
      this.#timer = this.#clock.setTimeout(() => this.#tick(), wait);
      return;
    }
    // Letting go never waits: the drone must brake now.
    this.#tick();
  }

  #tick(): void {
    this.#timer = undefined;
    this.#emit(this.#axes);
    if (!stickCentred(this.#axes)) this.#timer = this.#clock.setTimeout(() => this.#tick(), this.#resendMs);
  }

  #emit(axes: StickAxes): void {
    if (!sameAxes(axes, this.#lastSent)) this.#lastChangeAt = this.#clock.now();
    this.#lastSent = axes;
    this.#send({ type: 'stick', ...axes });
  }
}

function sameAxes(a: StickAxes, b: StickAxes): boolean {
  return a.forward === b.forward && a.right === b.right && a.up === b.up && a.yaw === b.yaw;
}
