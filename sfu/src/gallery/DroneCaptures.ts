import { EventEmitter } from 'node:events';
import type { GalleryChange, Logger, RecordingState } from '@dronecast/protocol';
import { DroneCapture } from './DroneCapture.ts';

export interface DroneCapturesEvents {
  recording: [droneId: string, state: RecordingState];
  changed: [droneId: string, change: GalleryChange];
}

/** drone id -> its DroneCapture; shared by signaling (requests) and the HTTP routes (file bytes). */
export class DroneCaptures extends EventEmitter<DroneCapturesEvents> {
  private readonly captures = new Map<string, DroneCapture>();

  constructor(private readonly logger: Logger) {
    super();
  }

  get(droneId: string): DroneCapture {
    let capture = this.captures.get(droneId);
    if (!capture) {
      capture = new DroneCapture({
        logger: this.logger.child(droneId),
        announceRecording: (state) => this.emit('recording', droneId, state),
        announceChange: (change) => this.emit('changed', droneId, change),
      });
      this.captures.set(droneId, capture);
    }
    return capture;
  }
}
