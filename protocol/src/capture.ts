import { z } from 'zod';
import { galleryAgentRequests, galleryIdSchema, galleryItemSchema, recordingEndReasonSchema, requesterSchema } from './gallery.ts';

/** Client -> SFU: photos and recordings need no parameters; the ground station decides the rest. */
export const capturePhotoRequest = z.strictObject({});
/** What a recording records: the drone camera (default), or the phone camera after the pose worker. */
export const recordingSources = ['drone-camera', 'processed-camera'] as const;
export const recordingSourceSchema = z.enum(recordingSources);
export type RecordingSource = z.infer<typeof recordingSourceSchema>;

export const startRecordingRequest = z.strictObject({ source: recordingSourceSchema.optional() });
export const stopRecordingRequest = z.strictObject({});

/**
 * Whether the drone video is being recorded, to everyone: on every change, every second while it
 * runs, and to each client as it joins.
 */
export const recordingStateSchema = z.strictObject({
  recording: z.boolean(),
  /** The gallery id the recording will have. */
  id: galleryIdSchema.nullable(),
  /** ms on the SFU's clock. */
  startedAt: z.number().nullable(),
  durationMs: z.number().int().min(0),
  /** e.g. "640x480". */
  resolution: z.string().max(16).nullable(),
  fps: z.number().positive().nullable(),
  /** Bytes written so far. */
  sizeBytes: z.number().int().min(0),
  startedBy: requesterSchema.nullable(),
  /** How the last recording ended, with a sentence for people when it was not on request. */
  lastEnd: z.strictObject({ reason: recordingEndReasonSchema, message: z.string().max(500), id: galleryIdSchema.nullable() }).nullable(),
  /**
   * Why a recording cannot be started now, in words for people (e.g. the ground station has no
   * H.264 encoder, or is offline), so Record is shown as unavailable before anyone taps it; null
   * when it can be started.
   */
  unavailable: z.string().max(300).nullable(),
});
export type RecordingState = z.infer<typeof recordingStateSchema>;

export const idleRecordingState: RecordingState = {
  recording: false,
  id: null,
  startedAt: null,
  durationMs: 0,
  resolution: null,
  fps: null,
  sizeBytes: 0,
  startedBy: null,
  lastEnd: null,
  unavailable: null,
};

/** The answer to stopping a recording: the finished video, now in the gallery. */
export const recordingStoppedSchema = z.strictObject({ item: galleryItemSchema });

const fromRequester = z.strictObject({ from: requesterSchema });

/** Requests the SFU makes of the ground agent for captures: payload and answer (inside an Ack). */
export const captureAgentRequests = {
  'capture:photo': { request: fromRequester, answer: galleryItemSchema },
  'capture:startRecording': { request: z.strictObject({ from: requesterSchema, source: recordingSourceSchema.optional() }), answer: recordingStateSchema },
  'capture:stopRecording': { request: fromRequester, answer: recordingStoppedSchema },
} as const;

/** Every request the SFU makes of the ground agent that is answered with an Ack (validated on both sides). */
export const groundAgentRequests = { ...captureAgentRequests, ...galleryAgentRequests } as const;
export type GroundAgentRequestName = keyof typeof groundAgentRequests;
export type GroundAgentRequest<E extends GroundAgentRequestName> = z.output<(typeof groundAgentRequests)[E]['request']>;
export type GroundAgentAnswer<E extends GroundAgentRequestName> = z.output<(typeof groundAgentRequests)[E]['answer']>;
