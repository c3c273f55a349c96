import { z } from 'zod';
import { errorBodySchema } from './errors.ts';
import { roles } from './roles.ts';

/**
 * Photos and recordings live on the ground station; only ids cross the wire, never paths. An id
 * is lowercase letters and digits (time first, so ids sort by age), which no path can be.
 */
export const galleryIdSchema = z.string().regex(/^[0-9a-z]{12,32}$/, 'a gallery id is 12-32 lowercase letters or digits');
export type GalleryId = z.infer<typeof galleryIdSchema>;

export const galleryKinds = ['photo', 'video'] as const;
export const galleryKindSchema = z.enum(galleryKinds);
export type GalleryKind = z.infer<typeof galleryKindSchema>;

/** Who asked for a capture. */
export const requesterSchema = z.strictObject({ role: z.enum(roles), peerId: z.string().min(1).max(64) });
export type CaptureRequester = z.infer<typeof requesterSchema>;

/** Where the drone was when the picture was taken (null when no drone is connected). */
export const capturePositionSchema = z.strictObject({
  lat: z.number(),
  lon: z.number(),
  /** Metres above home. */
  altRel: z.number(),
  /** Metres above mean sea level. */
  altAbs: z.number(),
  /** Degrees 0-360. */
  heading: z.number(),
  /** The drone's link was lost: the position is the last known one. */
  stale: z.boolean(),
});
export type CapturePosition = z.infer<typeof capturePositionSchema>;

/** Why a recording ended. */
export const recordingEndReasons = ['requested', 'source-ended', 'shutdown', 'low-disk', 'encoder-failed', 'recovered', 'agent-offline'] as const;
export const recordingEndReasonSchema = z.enum(recordingEndReasons);
export type RecordingEndReason = z.infer<typeof recordingEndReasonSchema>;

const count = z.number().int().min(0);

/** One photo or recording as everyone sees it. */
export const galleryItemSchema = z.strictObject({
  id: galleryIdSchema,
  kind: galleryKindSchema,
  /** Capture time (a recording's start), ms on the SFU's clock. */
  createdAt: z.number(),
  /** A name for downloads, e.g. dronecast-20250101-120000-photo.jpg; not a path. */
  fileName: z.string().min(1).max(100),
  mimeType: z.enum(['image/jpeg', 'video/mp4']),
  sizeBytes: count,
  width: count,
  height: count,
  /** Videos: their length. */
  durationMs: count.optional(),
  fps: z.number().positive().optional(),
  codec: z.string().max(32).optional(),
  capturedBy: requesterSchema,
  position: capturePositionSchema.nullable(),
  /** Videos: why the recording ended, and a sentence about it when it was not on request. */
  endReason: recordingEndReasonSchema.optional(),
  note: z.string().max(500).optional(),
});
export type GalleryItem = z.infer<typeof galleryItemSchema>;

export const galleryListRequest = z.strictObject({
  kind: galleryKindSchema.optional(),
  /** Newest first; at most this many. */
  limit: z.number().int().min(1).max(500).default(100),
  /** Paging: items older than this id. */
  before: galleryIdSchema.optional(),
});
export const galleryListSchema = z.strictObject({ items: z.array(galleryItemSchema), more: z.boolean() });
export type GalleryList = z.infer<typeof galleryListSchema>;

export const galleryDeleteRequest = z.strictObject({ id: galleryIdSchema });
export const galleryDeletedSchema = z.strictObject({ id: galleryIdSchema });

/** To everyone when the gallery changes, so open galleries update themselves. */
export const galleryChangeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('added'), item: galleryItemSchema }),
  z.strictObject({ type: z.literal('removed'), id: galleryIdSchema }),
]);
export type GalleryChange = z.infer<typeof galleryChangeSchema>;

/** The bytes of an item: the file itself, or its small JPEG preview. */
export const galleryVariants = ['file', 'thumbnail'] as const;
export const galleryVariantSchema = z.enum(galleryVariants);
export type GalleryVariant = z.infer<typeof galleryVariantSchema>;

/**
 * The largest piece of a file the SFU asks the ground agent for at once. A pilot's command answer
 * can queue behind one piece on the agent's socket: at 512 KiB that made the command's p95 3.4x
 * its idle one during a download flood; 128 KiB keeps it small (e2e/measure/commandsDuringDownloads.ts).
 */
export const galleryChunkBytes = 128 * 1024;

/** SFU -> ground agent: a byte range of one item (length 0 just asks for its size and type). */
export const galleryReadRequest = z.strictObject({
  id: galleryIdSchema,
  variant: galleryVariantSchema,
  offset: z.number().int().min(0),
  length: z.number().int().min(0).max(galleryChunkBytes),
});
export type GalleryReadRequest = z.infer<typeof galleryReadRequest>;

export const galleryChunkSchema = z.strictObject({
  /** The whole file's size. */
  size: count,
  mimeType: z.enum(['image/jpeg', 'video/mp4']),
  fileName: z.string().min(1).max(100),
  /** min(length, size - offset) bytes from offset. */
  data: z.instanceof(Uint8Array),
});
export type GalleryChunk = z.infer<typeof galleryChunkSchema>;

/**
 * HTTP on the SFU, for <img>/<video> sources and downloads. Every route needs an access token
 * (Authorization: Bearer <token>, or ?token=<token> where a header can't be set).
 * GET/HEAD {file path} answers Range requests with 206; ?download=1 makes it an attachment.
 */
export const galleryHttp = {
  list: '/gallery',
  item: (id: GalleryId): string => `/gallery/${id}`,
  bytes: (id: GalleryId, variant: GalleryVariant): string => `/gallery/${id}/${variant}`,
} as const;

/** Requests the SFU makes of the ground agent for the gallery: payload and answer (inside an Ack). */
export const galleryAgentRequests = {
  'gallery:list': { request: galleryListRequest, answer: galleryListSchema },
  'gallery:delete': { request: galleryDeleteRequest.extend({ from: requesterSchema }), answer: galleryDeletedSchema },
  'gallery:read': { request: galleryReadRequest, answer: galleryChunkSchema },
} as const;

/** The shape of the ground agent's answer to a request the SFU makes of it. */
export function agentAckSchema<T extends z.ZodType>(data: T) {
  return z.union([z.strictObject({ ok: z.literal(true), data }), z.strictObject({ ok: z.literal(false), error: errorBodySchema })]);
}
