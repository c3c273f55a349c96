import { defaultPoseHoldMs, leavesDroneMoving, poseCommand, poseCommandsVerdict, type CommandPose, type DroneCommand, type PoseName, type RuleTelemetry } from '@dronecast/protocol';

/** What the gate needs of the drone's telemetry: what the contract's rule reads. */
export type GateTelemetry = RuleTelemetry;

/** What the classifier said about one detected frame. */
export interface PoseObservation {
  pose: PoseName;
  /** false: nobody (or not enough of anybody) in view. */
  body: boolean;
}

export interface PoseDecision {
  pose: CommandPose;
  command: DroneCommand;
  /** held: the pilot held the pose long enough; person-lost: nobody in view while a pose command had the drone moving. */
  reason: 'held' | 'person-lost';
}

export interface PoseGateStatus {
  /** Why nothing can fire now, or null when poses can fire. */
  blockedBy: string | null;
  /** The pose being held and for how long (null when nobody is in view or blocked). */
  holding: PoseName | null;
  heldMs: number;
  holdMs: number;
  lastFired: CommandPose | null;
}

export interface PoseGateOptions {
  /** How long a pose must be held before it fires; default the protocol's defaultPoseHoldMs (500 ms). */
  holdMs?: number;
  /** How long nobody may be in view before a pose-started movement is stopped; default holdMs. */
  lostMs?: number;
}

/**
 * Decides when a classified pose becomes a drone command. A pose fires when pose control is
 * on, the drone is flying in GUIDED with its link up, and the same pose has been seen
 * continuously for holdMs. It fires once per hold: holding on does not repeat it (the ground
 * agent keeps a `go` going until the next command); breaking the pose and holding it again
 * does. If nobody is in view for longer than lostMs while the last pose command left the drone
 * moving, the gate stops it, once. Pure: time comes in as arguments.
 */
export class PoseGate {
  readonly holdMs: number;
  readonly lostMs: number;
  private enabled = false;
  private telemetry: GateTelemetry | null = null;
  private holding: PoseName | null = null;
  private holdingSince = 0;
  private firedThisHold = false;
  private lastBodyAt: number | null = null;
  private movingByPose = false;
  private lastFired: CommandPose | null = null;

  constructor(options: PoseGateOptions = {}) {
    this.holdMs = options.holdMs ?? defaultPoseHoldMs;
    this.lostMs = options.lostMs ?? this.holdMs;
    if (!(this.holdMs >= 0) || !(this.lostMs >= 0)) throw new RangeError('holdMs and lostMs must be >= 0');
  }

  /**
   * Pose control on or off (the pilot's switch). Either way any hold starts over; turning it
   * off also forgets a pose-started movement, handing the drone back to the buttons.
   */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.resetHold();
    if (!enabled) this.movingByPose = false;
  }

  setTelemetry(telemetry: GateTelemetry | null): void {
    this.telemetry = telemetry;
    if (this.blockedBy() === null) return;
    // Landed, landing, RTL, LOITER, link lost: whatever a pose started is no longer going on.
    this.resetHold();
    this.movingByPose = false;
  }

  /** One classified detection. Returns the command to send, if this one fires. */
  observe(observation: PoseObservation, nowMs: number): PoseDecision | null {
    if (observation.body) this.lastBodyAt = nowMs;
    if (this.blockedBy() !== null) {
      this.resetHold();
      return null;
    }
    const pose = observation.body ? observation.pose : null;
    if (pose !== this.holding) {
      this.holding = pose;
      this.holdingSince = nowMs;
      this.firedThisHold = false;
    }
    if (this.holding !== null && this.holding !== 'none' && !this.firedThisHold && nowMs - this.holdingSince >= this.holdMs) {
      this.firedThisHold = true;
      return this.fire(this.holding, 'held');
    }
    return this.checkPersonLost(nowMs);
  }

  /** Call regularly (e.g. every 100 ms) so that a phone that stops sending still counts as nobody in view. */
  tick(nowMs: number): PoseDecision | null {
    if (this.blockedBy() !== null) return null;
    return this.checkPersonLost(nowMs);
  }

  status(nowMs: number): PoseGateStatus {
    const blockedBy = this.blockedBy();
    const holding = blockedBy === null ? this.holding : null;
    return { blockedBy, holding, heldMs: holding === null ? 0 : nowMs - this.holdingSince, holdMs: this.holdMs, lastFired: this.lastFired };
  }

  private blockedBy(): string | null {
    if (!this.enabled) return 'pose control is off';
    const verdict = poseCommandsVerdict(this.telemetry);
    return verdict.ok ? null : verdict.why;
  }

  private checkPersonLost(nowMs: number): PoseDecision | null {
    if (!this.movingByPose) return null;
    if (this.lastBodyAt !== null && nowMs - this.lastBodyAt <= this.lostMs) return null;
    return this.fire('stop', 'person-lost');
  }

  private fire(pose: CommandPose, reason: PoseDecision['reason']): PoseDecision {
    const command = poseCommand(pose);
    this.lastFired = pose;
    this.movingByPose = leavesDroneMoving(command) === true;
    return { pose, command, reason };
  }

  private resetHold(): void {
    this.holding = null;
    this.firedThisHold = false;
  }
}
