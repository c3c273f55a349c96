/** A transport's connection state, as mediasoup-client reports it. */
export type TransportConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** A scheduled callback. */
export interface ScheduledTimer {
  cancel(): void;
}

/** Where the policy's waits come from: the platform's timers, or a simulated clock in tests. */
export interface RecoveryTimers {
  setTimeout(callback: () => void, delayMs: number): ScheduledTimer;
}

export const platformTimers: RecoveryTimers = {
  setTimeout: (callback, delayMs) => {
    const handle = globalThis.setTimeout(callback, delayMs);
    return { cancel: () => globalThis.clearTimeout(handle) };
  },
};

export interface IceRecoveryOptions {
  /** How long ICE may stay 'disconnected' before we restart it (it often recovers by itself). */
  disconnectGraceMs: number;
  /** How long a restarted ICE gets to reach 'connected' before the next attempt. */
  restartTimeoutMs: number;
  /** Restarts in a row without reaching 'connected' before giving up. */
  maxRestarts: number;
}

export const defaultIceRecovery: IceRecoveryOptions = { disconnectGraceMs: 2_000, restartTimeoutMs: 10_000, maxRestarts: 3 };

/** What the policy acts on: one transport's state, and a way to restart its ICE through the SFU. */
export interface RecoverableTransport {
  readonly connectionState: TransportConnectionState;
  /** Asks the SFU for fresh ICE parameters (media:restartIce) and restarts ICE with them. */
  restartIce(): Promise<void>;
}

/**
 * The one ICE-failure policy for every WebRTC transport (phone, console, ground agent, pose
 * worker). A drone's video link drops out for seconds at a time (range, the phone's Wi-Fi
 * roaming, a mobile network changing cells), so:
 * - 'disconnected' waits a grace period first: consent checks often come back by themselves, and
 *   a restart would cost a renegotiation for nothing;
 * - 'failed', or a grace period that ran out, restarts ICE: the producer or consumer, its codec
 *   state and the decoder on the far side survive, so video returns within a round trip or two,
 *   where rebuilding the transport would also cost a new producer or consumer and a keyframe;
 * - a restart that reaches no 'connected' within a deadline is tried again, and after a few in a
 *   row (or a restart the SFU refuses: it no longer knows the transport) the transport is given up
 *   and its owner rebuilds from scratch, which is what a restarted SFU or worker needs.
 * Of the three policies this replaces (restart on 'failed' forever; rebuild on 'failed';
 * this one, from the web app) it is the only one that both rides out short outages cheaply and
 * cannot retry a dead transport forever.
 */
export class IceRecovery {
  readonly #transport: RecoverableTransport;
  readonly #giveUp: (reason: string) => void;
  readonly #options: IceRecoveryOptions;
  readonly #timers: RecoveryTimers;
  #graceTimer: ScheduledTimer | undefined;
  #deadlineTimer: ScheduledTimer | undefined;
  #restarts = 0;
  #restarting = false;
  #stopped = false;

  constructor(transport: RecoverableTransport, giveUp: (reason: string) => void, options: Partial<IceRecoveryOptions> = {}, timers: RecoveryTimers = platformTimers) {
    this.#transport = transport;
    this.#giveUp = giveUp;
    this.#options = { ...defaultIceRecovery, ...options };
    this.#timers = timers;
  }

  /** ICE restarts since the transport was last connected. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Feed every connection state change of the transport here. */
  onConnectionState(state: TransportConnectionState): void {
    if (this.#stopped) return;
    switch (state) {
      case 'connected':
        this.#restarts = 0;
        this.#cancelTimers();
        break;
      case 'disconnected':
        // A restart under way has its own deadline; otherwise give ICE a moment to come back.
        if (!this.#graceTimer && !this.#deadlineTimer && !this.#restarting) {
          this.#graceTimer = this.#timers.setTimeout(() => {
            this.#graceTimer = undefined;
            void this.#restart();
          }, this.#options.disconnectGraceMs);
        }
        break;
      case 'failed':
        void this.#restart();
        break;
      case 'closed':
        this.stop();
        break;
      default:
        // 'new' and 'connecting' (a restart checking candidates) leave a pending deadline alone.
        break;
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelTimers();
  }

  async #restart(): Promise<void> {
    if (this.#stopped || this.#restarting) return;
    this.#cancelTimers();
    if (this.#restarts >= this.#options.maxRestarts) {
      this.#fail(`the video connection failed ${this.#restarts} times in a row`);
      return;
    }
    this.#restarts++;
    this.#restarting = true;
    try {
      await this.#transport.restartIce();
    } catch (error) {
      this.#fail(`restarting the video connection failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    } finally {
      this.#restarting = false;
    }
    if (this.#stopped || this.#transport.connectionState === 'connected') return;
    // A restart that never connects may produce no further state change to react to.
    this.#deadlineTimer = this.#timers.setTimeout(() => {
      this.#deadlineTimer = undefined;
      if (this.#transport.connectionState !== 'connected') void this.#restart();
    }, this.#options.restartTimeoutMs);
  }

  #fail(reason: string): void {
    if (this.#stopped) return;
    this.stop();
    this.#giveUp(reason);
  }

  #cancelTimers(): void {
    this.#graceTimer?.cancel();
    this.#graceTimer = undefined;
    this.#deadlineTimer?.cancel();
    this.#deadlineTimer = undefined;
  }
}
