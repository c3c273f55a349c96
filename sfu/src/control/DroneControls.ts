import type { DroneEvent, LeaseHolder, Logger, ServerEventName, ServerEventPayload, Telemetry } from '@dronecast/protocol';
import { DroneControl } from './DroneControl.ts';
import { DroneVideoSettings } from './DroneVideoSettings.ts';

/** How control reaches clients, without knowing about socket.io. */
export interface ControlBroadcaster {
  toDrone<E extends ServerEventName>(droneId: string, event: E, payload: ServerEventPayload<E>): void;
  toPeer<E extends ServerEventName>(peerId: string, event: E, payload: ServerEventPayload<E>): void;
}

/** drone id -> its DroneControl, plus the last telemetry so a client that joins sees it at once. */
export class DroneControls {
  private readonly controls = new Map<string, DroneControl>();
  private readonly telemetry = new Map<string, Telemetry>();
  private readonly video = new Map<string, DroneVideoSettings>();

  constructor(
    private readonly broadcast: ControlBroadcaster,
    private readonly logger: Logger,
  ) {}

  get(droneId: string): DroneControl {
    let control = this.controls.get(droneId);
    if (!control) {
      const { broadcast } = this;
      control = new DroneControl({
        droneId,
        logger: this.logger.child(droneId),
        announceLease: (holder: LeaseHolder) => broadcast.toDrone(droneId, 'control:lease', { holder }),
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
