import {
  defaultPoseHoldMs,
  poseCommand,
  poseCommandsVerdict,
  ProtocolError,
  type CommandOutcome,
  type CommandPose,
  type Logger,
  type PoseControlState,
  type PoseFired,
  type Telemetry,
} from '@dronecast/protocol';
import type { DroneControl, Requester } from './DroneControl.ts';

export interface PoseControlOptions {
  control: DroneControl;
  /** The drone's last telemetry: pose commands act only while it flies in GUIDED. */
  telemetry(): Telemetry | undefined;
  /** Which client sends a producer (undefined when there is no such producer). */
  producerOwner(producerId: string): Promise<string | undefined>;
  announce(state: PoseControlState): void;
  announceFired(fired: PoseFired): void;
  logger: Logger;
}

/**
 * Pose control of one drone: a pilot turns it on for their own phone camera, and the pose
 * worker's commands are accepted only for that camera, while that pilot holds control and the
 * drone flies in GUIDED. They then take the ordinary control path, marked source "pose".
 */
export class PoseControl {
  private current: PoseControlState = { enabled: false, holdMs: defaultPoseHoldMs, pilotPeerId: null };

  constructor(private readonly options: PoseControlOptions) {}

  get state(): PoseControlState {
    return this.current;
  }

  set(requester: Requester, change: { enabled: boolean; holdMs?: number | undefined }): PoseControlState {
    if (requester.role !== 'pilot') throw new ProtocolError('FORBIDDEN', 'only a pilot can turn pose control on or off');
    const holdMs = change.holdMs ?? this.current.holdMs;
    if (change.enabled) {
      // Flying by pose is flying: it takes the lease (refused while another pilot has it).
      this.options.control.acquire(requester);
      this.update({ enabled: true, holdMs, pilotPeerId: requester.peerId });
      return this.current;
    }
    if (this.current.enabled && this.current.pilotPeerId !== requester.peerId) {
      throw new ProtocolError('INVALID_STATE', 'pose control belongs to another pilot');
    }
    this.disable('pose control was turned off', holdMs);
    return this.current;
  }

  async command(requester: Requester, pose: CommandPose, producerId: string): Promise<CommandOutcome> {
    if (requester.role !== 'processing') throw new ProtocolError('FORBIDDEN', 'only the pose worker sends pose commands');
    const { enabled, pilotPeerId } = this.current;
    if (!enabled || !pilotPeerId) throw new ProtocolError('INVALID_STATE', 'pose control is off');
    // Stop is always safe to accept: it is what the worker sends when the pilot's camera vanished.
    if (pose !== 'stop' && (await this.options.producerOwner(producerId)) !== pilotPeerId) {
      throw new ProtocolError('INVALID_STATE', "that camera is not the one of the pilot who turned pose control on");
    }
    if (!this.options.control.holds(pilotPeerId)) throw new ProtocolError('INVALID_STATE', 'the pilot who turned pose control on no longer has control');
    const verdict = poseCommandsVerdict(this.options.telemetry());
    if (!verdict.ok) throw new ProtocolError('INVALID_STATE', `pose commands act only while the drone flies in GUIDED: ${verdict.why}`);
    const outcome = await this.options.control.command({ peerId: pilotPeerId, role: 'pilot' }, poseCommand(pose), 'pose');
    this.options.logger.info(`pose ${pose}: ${outcome.ok ? 'done' : `refused (${outcome.message})`}`);
    this.options.announceFired({ pose, ok: outcome.ok, message: outcome.message, time: Date.now() });
    return outcome;
  }

  /** A client left, or the lease moved: pose control ends with the pilot who turned it on. */
  peerGone(peerId: string): void {
    if (this.current.pilotPeerId === peerId) this.disable('the pilot left', this.current.holdMs);
  }

  leaseChanged(holderPeerId: string | null): void {
    if (this.current.enabled && this.current.pilotPeerId !== holderPeerId) this.disable('the pilot gave up control', this.current.holdMs);
  }

  private disable(why: string, holdMs: number): void {
    const wasOn = this.current.enabled;
    this.update({ enabled: false, holdMs, pilotPeerId: null });
    // A pose may have set the drone moving; with nobody's pose in charge, it stops.
    if (wasOn) void this.options.control.stop(why);
  }

  private update(next: PoseControlState): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.options.announce(next);
  }
}
