import { SignalingLink } from '@dronecast/peer';
import type { RecordingState, Telemetry } from '@dronecast/protocol';
import { phoneLogger } from './phoneLogger.ts';

export interface DroneWatchOptions {
  origin: string;
  /** A viewer token: the watch only listens. */
  token: string;
  ca: string;
  /** Something that is a fault: telemetry stopped, the ground agent went away. */
  onFault(message: string): void;
  onWarning(line: string): void;
}

/** Telemetry is sent 4+ times a second; a gap this long while the agent is online is a fault. */
const telemetryStallMs = 5000;

/**
 * The soak's own eyes on the drone, connected for the whole run (it does not churn): the last
 * telemetry, whether a recording runs, whether the ground agent is online. Flights wait on it,
 * and it reports telemetry that stops and an agent that drops.
 */
export class DroneWatch {
  telemetry: Telemetry | undefined;
  recording: RecordingState | undefined;
  agentOnline = false;
  private lastTelemetryAt = 0;
  private stalled = false;
  private readonly link: SignalingLink;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DroneWatchOptions) {
    this.link = new SignalingLink({
      url: options.origin,
      token: options.token,
      ca: options.ca,
      logger: phoneLogger('watch', options.onWarning),
      tokenName: 'viewer token',
    });
    this.link.onServerEvent('drone:telemetry', (sample) => {
      this.telemetry = sample;
      this.lastTelemetryAt = Date.now();
    });
    this.link.onServerEvent('capture:recording', (state) => (this.recording = state));
    this.link.onServerEvent('drone:agent', ({ online }) => {
      if (this.agentOnline && !online) options.onFault('the ground agent went offline');
      this.agentOnline = online;
      // Telemetry resumes some time after the agent is back: count the stall from then.
      if (online) this.lastTelemetryAt = Date.now();
    });
  }

  /** Connects and waits until the drone is on its link and telemetry flows. */
  async start(timeoutMs = 60_000): Promise<void> {
    this.link.connect();
    await this.until((t) => !t.linkLost && t.gps.fix >= 3, timeoutMs, 'telemetry with a GPS fix');
    this.timer = setInterval(() => this.checkStall(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.link.close();
  }

  /** Resolves once telemetry satisfies `check`; rejects after `timeoutMs` naming `what` and the last state. */
  async until(check: (t: Telemetry) => boolean, timeoutMs: number, what: string): Promise<Telemetry> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const t = this.telemetry;
      if (t && check(t)) return t;
      if (Date.now() > until) throw new Error(`no ${what} within ${timeoutMs / 1000} s (last: ${t ? `${t.state}, ${t.altRel.toFixed(1)} m` : 'none'})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private checkStall(): void {
    const gap = Date.now() - this.lastTelemetryAt;
    if (!this.agentOnline || !this.link.connected) return;
    if (gap > telemetryStallMs && !this.stalled) {
      this.stalled = true;
      this.options.onFault(`no telemetry for ${Math.round(gap / 1000)} s while the ground agent is online`);
    } else if (gap <= telemetryStallMs) this.stalled = false;
  }
}
