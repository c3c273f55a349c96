import { z } from 'zod';
import { accessLinksSchema } from './accessLinks.ts';
import { leaseHolderSchema, relayedCommandSchema } from './control.ts';
import { droneEventSchema, telemetrySchema } from './drone.ts';
import { videoQualitySchema } from './quality.ts';
import { groundAgentRequests, recordingStateSchema } from './capture.ts';
import { galleryChangeSchema } from './gallery.ts';
import { droneIdSchema, mediaSourceSchema, roleSchema } from './roles.ts';
import { availableTransportsSchema } from './videoTransports.ts';
import { mapTileUrlSchema } from './mapTiles.ts';
import { connectedPeersSchema } from './presence.ts';
import { groundStationsSchema } from './groundStations.ts';
import { poseControlStateSchema, poseFiredSchema, poseSeenSchema } from './pose.ts';

const id = z.string().min(1).max(64);

/** Server -> client notifications, validated on arrival by every client like requests are by the server. */
export const serverEventSchemas = {
  /** Sent once a socket is authenticated. */
  'session:welcome': z.object({
    peerId: id,
    role: roleSchema,
    droneId: droneIdSchema,
    serverTime: z.number(),
    /** The video transports this server offers (MQTT is hidden without a browser-reachable broker). */
    transports: availableTransportsSchema,
    /** The map's raster tile URL template (--map-tiles); null (also from servers older than it): the metric grid only. */
    mapTiles: mapTileUrlSchema.nullable().default(null),
  }),
  /** The server lost this client's media state (a worker died): rebuild it. */
  'session:reconnect': z.object({ reason: z.string().max(500) }),
  /**
   * The server is going away (graceful shutdown); sent just before it closes every socket.
   * restartExpected: it should be back shortly (a restart), so clients keep reconnecting quietly.
   */
  'session:closing': z.object({ reason: z.string().max(500), restartExpected: z.boolean() }),
  /** To consoles: the drone's access links changed (issued, revoked). */
  'links:changed': accessLinksSchema,
  'media:producerAdded': z.object({ producerId: id, source: mediaSourceSchema, kind: z.literal('video'), peerId: id, of: id.optional() }),
  'media:producerClosed': z.object({ producerId: id }),
  'media:consumerClosed': z.object({ consumerId: id }),
  'drone:telemetry': telemetrySchema,
  'drone:event': droneEventSchema,
  /** Whether the drone's ground agent is connected to the server. */
  'drone:agent': z.object({ online: z.boolean() }),
  'control:lease': z.object({ holder: leaseHolderSchema }),
  /** To the lease holder: another pilot asks for control. */
  'control:asked': z.object({ by: id }),
  /** The transports on offer changed (the console switched a fallback on or off), to everyone. */
  'video:transports': availableTransportsSchema,
  /** To consoles only: everyone connected for this drone (on join and on every change). */
  'session:peers': connectedPeersSchema,
  /** To consoles only: the MAVLink ground stations the ground agent routes the drone to (on join, on change, each second while any). */
  'drone:groundStations': groundStationsSchema,
  /** The drone video's current quality, to everyone (and to each client as it joins). */
  'video:quality': videoQualitySchema,
  /** To the ground agent only: produce this quality (format and JPEG); acknowledged with {ok, message}. */
  'video:apply': videoQualitySchema,
  /** To the ground agent only: run this command; the acknowledgement carries the CommandOutcome. */
  'drone:command': relayedCommandSchema,
  /** Whether the drone video is being recorded and for how long, to everyone (and to each client as it joins). */
  'capture:recording': recordingStateSchema,
  /** The gallery changed (a photo or recording added, an item deleted), to everyone. */
  'gallery:changed': galleryChangeSchema,
  /** Whether pose control is on and for whose camera, to everyone (and to each client as it joins). */
  'pose:control': poseControlStateSchema,
  /** What the pose worker sees in the pilot's camera, a few times a second. */
  'pose:seen': poseSeenSchema,
  /** A held pose became a command (or was refused), to everyone. */
  'pose:fired': poseFiredSchema,
  /** To the ground agent only, each acknowledged with an Ack of its answer (see groundAgentRequests). */
  'capture:photo': groundAgentRequests['capture:photo'].request,
  'capture:startRecording': groundAgentRequests['capture:startRecording'].request,
  'capture:stopRecording': groundAgentRequests['capture:stopRecording'].request,
  'gallery:list': groundAgentRequests['gallery:list'].request,
  'gallery:delete': groundAgentRequests['gallery:delete'].request,
  'gallery:read': groundAgentRequests['gallery:read'].request,
} as const;

export type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventPayload<E extends ServerEventName> = z.output<(typeof serverEventSchemas)[E]>;
export type ServerEvents = { [E in ServerEventName]: (payload: ServerEventPayload<E>) => void };
