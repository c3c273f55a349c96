import type { Ack } from './errors.ts';
import { clockSyncRequest, type ClockSyncReply } from './clock.ts';
import { droneCommandRequest, type LeaseHolder } from './control.ts';
import { droneEventSchema, telemetrySchema, type CommandOutcome } from './drone.ts';
import { poseCommandRequest, poseControlRequest, poseSeenSchema, type PoseControlState } from './pose.ts';
import { setQualityRequest, videoQualitySchema, type VideoQuality } from './quality.ts';
import { setTransportsRequest, type AvailableTransports } from './videoTransports.ts';
import type { z } from 'zod';
import { capturePhotoRequest, recordingStateSchema, startRecordingRequest, stopRecordingRequest, type RecordingState } from './capture.ts';
import { groundStationsSchema } from './groundStations.ts';
import { galleryChangeSchema, galleryDeleteRequest, galleryListRequest, type GalleryItem, type GalleryList } from './gallery.ts';
import {
  closeProducerRequest,
  closeTransportRequest,
  connectTransportRequest,
  consumeRequest,
  createPlainTransportRequest,
  createTransportRequest,
  emptyRequest,
  produceRequest,
  restartIceRequest,
  resumeConsumerRequest,
  transportStatsRequest,
  type ConsumerOptions,
  type PlainTransportOptions,
  type ProducerInfo,
  type TransportOptions,
  type TransportStats,
} from './media.ts';
import type { IceServer } from './turn.ts';
import { issueLinkRequest, revokeLinkRequest, type AccessLink, type AccessLinks, type IssuedLink } from './accessLinks.ts';

/** Client -> server requests: each has a schema the server validates and a typed acknowledgement. */
export const requestSchemas = {
  'clock:sync': clockSyncRequest,
  'media:routerRtpCapabilities': emptyRequest,
  'media:createTransport': createTransportRequest,
  'media:connectTransport': connectTransportRequest,
  /** Ground agent: a plain SRTP transport for an H.264 camera passed through without re-encoding. */
  'media:createPlainTransport': createPlainTransportRequest,
  'media:restartIce': restartIceRequest,
  'media:closeTransport': closeTransportRequest,
  'media:transportStats': transportStatsRequest,
  'media:produce': produceRequest,
  'media:closeProducer': closeProducerRequest,
  'media:listProducers': emptyRequest,
  'media:consume': consumeRequest,
  'media:resumeConsumer': resumeConsumerRequest,
  'drone:command': droneCommandRequest,
  'control:acquire': emptyRequest,
  'control:release': emptyRequest,
  'control:ask': emptyRequest,
  'video:setQuality': setQualityRequest,
  /** Console: switch the websocket and MQTT fallbacks on or off (turning one on that the server lacks is refused). */
  'video:setTransports': setTransportsRequest,
  /** Pilot or console: a full-resolution JPEG of the current source frame, into the gallery. */
  'capture:photo': capturePhotoRequest,
  /** Pilot or console. */
  'capture:startRecording': startRecordingRequest,
  'capture:stopRecording': stopRecordingRequest,
  /** Anyone watching; newest first. */
  'gallery:list': galleryListRequest,
  /** Pilot or console. */
  'gallery:delete': galleryDeleteRequest,
  /** Pilot: turn pose control of the drone on or off (on takes the control lease). */
  'pose:setControl': poseControlRequest,
  /** Pose worker: a pose was held long enough in the pilot's camera; answered with the CommandOutcome. */
  'pose:command': poseCommandRequest,
  /** Console: the people's access links of its drone, issued, expired and revoked. */
  'links:list': emptyRequest,
  /** Console: a new link for one person. */
  'links:issue': issueLinkRequest,
  /** Console: revoke one link; its holder's sockets drop at once. */
  'links:revoke': revokeLinkRequest,
} as const;

/** Client -> server messages that need no answer (high-rate or fire-and-forget); validated all the same. */
export const notificationSchemas = {
  /** From the ground agent, at least 4 Hz. */
  'drone:telemetry': telemetrySchema,
  'drone:event': droneEventSchema,
  /** From the pilot holding the lease: the dead-man signal. */
  'control:alive': emptyRequest,
  /** From the ground agent: the quality it is producing (at start, and after each change). */
  'video:quality': videoQualitySchema,
  /** From the ground agent: its recording state (on change and every second while recording). */
  'capture:recording': recordingStateSchema,
  /** From the ground agent: an item was added to or removed from the gallery. */
  'gallery:changed': galleryChangeSchema,
  /** From the pose worker, a few times a second: the pose it sees; relayed to everyone. */
  'pose:seen': poseSeenSchema,
  /** From the ground agent: the MAVLink ground stations it routes the drone to (--gcs), for consoles. */
  'drone:groundStations': groundStationsSchema,
} as const;
export type NotificationName = keyof typeof notificationSchemas;
export type NotificationPayload<E extends NotificationName> = z.output<(typeof notificationSchemas)[E]>;

export function isNotificationName(name: string): name is NotificationName {
  return Object.hasOwn(notificationSchemas, name);
}

export interface ResponseMap {
  'clock:sync': ClockSyncReply;
  'media:routerRtpCapabilities': { rtpCapabilities: unknown };
  'media:createTransport': TransportOptions;
  'media:connectTransport': Record<string, never>;
  'media:createPlainTransport': PlainTransportOptions;
  /** iceServers: fresh TURN credentials (with TURN configured), as the old ones may have expired. */
  'media:restartIce': { iceParameters: unknown; iceServers?: IceServer[] };
  'media:closeTransport': Record<string, never>;
  'media:transportStats': TransportStats;
  'media:produce': { producerId: string };
  'media:closeProducer': Record<string, never>;
  'media:listProducers': { producers: ProducerInfo[] };
  'media:consume': ConsumerOptions;
  'media:resumeConsumer': Record<string, never>;
  'drone:command': CommandOutcome;
  'control:acquire': { holder: LeaseHolder };
  'control:release': { holder: LeaseHolder };
  'control:ask': { holder: LeaseHolder };
  'video:setQuality': VideoQuality;
  'video:setTransports': AvailableTransports;
  'capture:photo': GalleryItem;
  'capture:startRecording': RecordingState;
  'capture:stopRecording': { item: GalleryItem };
  'gallery:list': GalleryList;
  'gallery:delete': { id: string };
  'pose:setControl': PoseControlState;
  'pose:command': CommandOutcome;
  'links:list': AccessLinks;
  'links:issue': IssuedLink;
  'links:revoke': { link: AccessLink };
}

export type RequestName = keyof typeof requestSchemas;
export type RequestPayload<E extends RequestName> = z.input<(typeof requestSchemas)[E]>;
export type ParsedRequest<E extends RequestName> = z.output<(typeof requestSchemas)[E]>;
export type Response<E extends RequestName> = ResponseMap[E];

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requestSchemas, name);
}

export type ClientEvents = {
  [E in RequestName]: (payload: RequestPayload<E>, ack: (reply: Ack<Response<E>>) => void) => void;
};

/** Above this size (JSON) a payload is refused before parsing: no legitimate request comes near it. */
export const maxPayloadBytes = 64 * 1024;
