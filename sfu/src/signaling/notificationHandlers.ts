import type { NotificationName, NotificationPayload, Role } from '@dronecast/protocol';
import type { DroneMember } from '../drone/DroneMember.ts';

/** Who may send each notification: telemetry and events come from the ground agent, the dead-man ping from the pilot. */
export const notificationSenders: Record<NotificationName, readonly Role[]> = {
  'drone:telemetry': ['ground'],
  'drone:event': ['ground'],
  'control:alive': ['pilot'],
  'video:quality': ['ground'],
  'capture:recording': ['ground'],
  'gallery:changed': ['ground'],
  'pose:seen': ['processing'],
  'drone:groundStations': ['ground'],
};

export type NotificationHandlers = {
  [E in NotificationName]: (member: DroneMember, payload: NotificationPayload<E>) => void;
};

/** Fire-and-forget messages, validated and checked against notificationSenders by the caller; nobody is answered. */
export const notificationHandlers: NotificationHandlers = {
  'drone:telemetry': ({ drone, peerId }, sample) => drone.telemetryReported(sample, peerId),
  'drone:event': ({ drone, peerId }, event) => drone.eventReported(event, peerId),
  'control:alive': ({ drone, peerId }) => drone.control.alive(peerId),
  'video:quality': ({ drone }, quality) => void drone.video.reported(quality),
  'capture:recording': ({ drone }, state) => drone.capture.reportedRecording(state),
  'gallery:changed': ({ drone }, change) => drone.capture.reportedChange(change),
  'pose:seen': ({ drone, peerId }, seen) => drone.poseSeen(seen, peerId),
  'drone:groundStations': ({ drone }, list) => drone.groundStations.reported(list),
};
