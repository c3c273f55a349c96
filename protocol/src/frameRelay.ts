import { z } from 'zod';

/**
 * The websocket fallback for drone video, on the socket.io namespace `framesNamespace`: the ground
 * agent sends each JPEG frame (see frames.ts) as one binary message, the SFU forwards it to the
 * phones that subscribed, and tells the ground agent how many there are so it encodes only when
 * somebody watches.
 */
export const frameRelayEvents = {
  /** ground -> SFU and SFU -> phone: one encodeJpegFrame message, binary. */
  frame: 'frames:frame',
  /** phone -> SFU request (acknowledged): start receiving the drone's frames. */
  subscribe: 'frames:subscribe',
  /** phone -> SFU request (acknowledged): stop receiving them. */
  unsubscribe: 'frames:unsubscribe',
  /** SFU -> ground: how many phones want frames; sent on connect and on every change. */
  demand: 'frames:demand',
  /** SFU -> phone: its subscription ended (the console switched websocket video off); says why. */
  stopped: 'frames:stopped',
} as const;

/** subscribe and unsubscribe carry nothing: the drone comes from the token. */
export const frameSubscriptionRequest = z.strictObject({});

export const frameDemandSchema = z.strictObject({ subscribers: z.number().int().min(0) });
export type FrameDemand = z.infer<typeof frameDemandSchema>;

export const framesStoppedSchema = z.strictObject({ reason: z.string().max(500) });
export type FramesStopped = z.infer<typeof framesStoppedSchema>;

/** The acknowledgement's data for subscribe and unsubscribe. */
export interface FrameSubscription {
  subscribed: boolean;
}

/**
 * Largest frame message the relay forwards. Kept under the signaling server's 1 MB
 * maxHttpBufferSize, above which socket.io drops the whole connection instead of one frame.
 */
export const maxJpegFrameMessageBytes = 900_000;
