import { defaultPoseHoldMs, type Logger, type PoseControlState, type Telemetry } from '@dronecast/protocol';
import type { SignalingLink } from '@dronecast/peer';
import { PoseGate, type PoseDecision, type PoseObservation } from '../pose/index.ts';

export interface PoseCommanderOptions {
  link: SignalingLink;
  logger: Logger;
  /** The gate's state in a few words, for the caption on the processed video. */
  onStatus(lines: readonly string[]): void;
}

const tickMs = 100;

/**
 * Turns the poses seen in the phone camera into drone commands: the PoseGate decides (pose
 * control on, flying in GUIDED, pose held long enough, nobody in view means stop), the SFU
 * checks again and relays through the ordinary control path.
 */
export class PoseCommander {
  private gate = new PoseGate({ holdMs: defaultPoseHoldMs });
  private control: PoseControlState = { enabled: false, holdMs: defaultPoseHoldMs, pilotPeerId: null };
  private telemetry: Telemetry | null = null;
  private producerId: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRefusal = '';

  constructor(private readonly options: PoseCommanderOptions) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  setControl(state: PoseControlState): void {
    if (state.holdMs !== this.gate.holdMs) {
      // The hold time is the gate's own; a new one starts with the same switch and telemetry.
      this.gate = new PoseGate({ holdMs: state.holdMs });
      this.gate.setTelemetry(this.telemetry);
    }
    if (state.enabled !== this.control.enabled) this.options.logger.info(`pose control ${state.enabled ? 'on' : 'off'}`);
    this.control = state;
    this.gate.setEnabled(state.enabled);
    this.report();
  }

  setTelemetry(telemetry: Telemetry): void {
    this.telemetry = telemetry;
    this.gate.setTelemetry(telemetry);
  }

  newCamera(producerId: string): void {
    this.producerId = producerId;
    this.gate.setEnabled(this.control.enabled); // any hold starts over
  }

  /** The camera went away: nobody is in view any more (tick() stops a pose-started move). */
  cameraGone(producerId: string): void {
    if (this.producerId === producerId) this.gate.observe({ pose: 'none', body: false }, Date.now());
  }

  observe(producerId: string, observation: PoseObservation): void {
    if (producerId !== this.producerId) return;
    this.act(this.gate.observe(observation, Date.now()));
    this.report();
  }

  private tick(): void {
    this.act(this.gate.tick(Date.now()));
    this.report();
  }

  private act(decision: PoseDecision | null): void {
    const producerId = this.producerId;
    if (!decision || !producerId) return;
    const { logger, link } = this.options;
    logger.info(`pose ${decision.pose} (${decision.reason}): asking for ${JSON.stringify(decision.command)}`);
    link.request('pose:command', { pose: decision.pose, producerId }).then(
      (outcome) => {
        if (!outcome.ok) logger.warn(`pose ${decision.pose} refused by the drone: ${outcome.message}`);
      },
      (error: Error) => {
        // The SFU's own checks (another pilot's camera, lease moved): worth saying once, not per pose.
        if (error.message !== this.lastRefusal) logger.warn(`pose ${decision.pose} not sent: ${error.message}`);
        this.lastRefusal = error.message;
      },
    );
  }

  private report(): void {
    const now = Date.now();
    const status = this.gate.status(now);
    let line: string;
    if (status.blockedBy !== null) line = status.blockedBy === 'pose control is off' ? 'POSE CONTROL OFF' : `POSE CONTROL WAITING: ${status.blockedBy}`;
    else if (status.holding && status.holding !== 'none') line = `HOLD ${status.holding} ${(Math.min(status.heldMs, status.holdMs) / 1000).toFixed(1)}/${(status.holdMs / 1000).toFixed(1)} S`;
    else line = 'POSE CONTROL ON';
    this.options.onStatus([line.toUpperCase()]);
  }
}
