import type { DroneEvent, LeaseHolder, Logger, ServerEventName, ServerEventPayload, Telemetry } from '@dronecast/protocol';
import { DroneControl } from './DroneControl.ts';
import { DroneVideoSettings } from './DroneVideoSettings.ts';
import { PoseControl } from './PoseControl.ts';

/** How control reaches clients, without knowing about socket.io. */
export interface ControlBroadcaster {
  toDrone<E extends ServerEventName>(droneId: string, event: E, payload: ServerEventPayload<E>): void;
  toPeer<E extends ServerEventName>(peerId: string, event: E, payload: ServerEventPayload<E>): void;
}

/** What pose control needs to know about the media: who sends a producer. */
export type ProducerOwnerLookup = (droneId: string, producerId: string) => Promise<string | undefined>;

/** drone id -> its DroneControl, plus the last telemetry so a client that joins sees it at once. */
export class DroneControls {
  private readonly controls = new Map<string, DroneControl>();
  private readonly telemetry = new Map<string, Telemetry>();
  private readonly video = new Map<string, DroneVideoSettings>();
  private readonly poses = new Map<string, PoseControl>();

  constructor(
    private readonly broadcast: ControlBroadcaster,
    private readonly logger: Logger,
    private readonly producerOwner: ProducerOwnerLookup = () => Promise.resolve(undefined),
  ) {}

  get(droneId: string): DroneControl {
    let control = this.controls.get(droneId);
    if (!control) {
      const { broadcast } = this;
      control = new DroneControl({
        droneId,
        logger: this.logger.child(droneId),
        announceLease: (holder: LeaseHolder) => {
          broadcast.toDrone(droneId, 'control:lease', { holder });
          this.poses.get(droneId)?.leaseChanged(holder?.peerId ?? null);
        },
        announceAgent: (online) => broadcast.toDrone(droneId, 'drone:agent', { online }),
        announceFailsafe: (message) => broadcast.toDrone(droneId, 'drone:event', { type: 'statusText', message, time: Date.now() } satisfies DroneEvent),
        notifyAsked: (holderPeerId, by) => broadcast.toPeer(holderPeerId, 'control:asked', { by }),
      });
      this.controls.set(droneId, control);
    }
    return control;
  }

  videoSettings(droneId: string): DroneVideoSettings {
    let settings = this.video.get(droneId);
    if (!settings) {
      settings = new DroneVideoSettings(this.get(droneId), (quality) => this.broadcast.toDrone(droneId, 'video:quality', quality), this.logger.child(`${droneId}/video`));
      this.video.set(droneId, settings);
    }
    return settings;
  }

  poseControl(droneId: string): PoseControl {
    let pose = this.poses.get(droneId);
    if (!pose) {
      pose = new PoseControl({
        control: this.get(droneId),
        telemetry: () => this.telemetry.get(droneId),
        producerOwner: (producerId) => this.producerOwner(droneId, producerId),
        announce: (state) => this.broadcast.toDrone(droneId, 'pose:control', state),
        announceFired: (fired) => this.broadcast.toDrone(droneId, 'pose:fired', fired),
        logger: this.logger.child(`${droneId}/pose`),
      });
      this.poses.set(droneId, pose);
    }
    return pose;
  }

  recordTelemetry(droneId: string, sample: Telemetry): void {
    this.telemetry.set(droneId, sample);
  }

  lastTelemetry(droneId: string): Telemetry | undefined {
    return this.telemetry.get(droneId);
  }

  close(): void {
    for (const control of this.controls.values()) control.close();
  }
}
