import { z } from 'zod';

/** The ways drone video reaches a page: WebRTC (main path) and the two JPEG fallbacks. */
export const videoTransports = ['webrtc', 'websocket', 'mqtt'] as const;
export const videoTransportSchema = z.enum(videoTransports);
export type VideoTransport = z.infer<typeof videoTransportSchema>;

const unavailable = z.object({
  available: z.literal(false),
  reason: z.string().max(500),
  /**
   * true: the server has this transport but the console switched it off (a page shows its button
   * disabled, the ground agent stops publishing it). Absent: the server lacks it altogether.
   */
  switchedOff: z.literal(true).optional(),
});

/**
 * What the SFU offers, told to each client in its welcome and again (`video:transports`) when
 * the console switches a fallback on or off. WebRTC is always there; websocket unless the
 * console turned it off; MQTT only when a broker a browser can reach exists (none in
 * sockets-only mode, and a browser cannot open mqtt:// TCP connections) and it is not off.
 */
export const availableTransportsSchema = z.object({
  websocket: z.discriminatedUnion('available', [z.object({ available: z.literal(true) }), unavailable]),
  mqtt: z.discriminatedUnion('available', [
    /** `url` null: the SFU's embedded broker on the page's own origin (path mqttWebSocketPath). */
    z.object({ available: z.literal(true), url: z.string().max(2048).nullable() }),
    unavailable,
  ]),
});
export type AvailableTransports = z.infer<typeof availableTransportsSchema>;

export function isTransportAvailable(transports: AvailableTransports, transport: VideoTransport): boolean {
  return transport === 'webrtc' || transports[transport].available;
}

/** The JPEG fallbacks the console can switch off (WebRTC, the main path, stays on). */
export const switchableTransports = ['websocket', 'mqtt'] as const;
export type SwitchableTransport = (typeof switchableTransports)[number];

/** Whether the console switched this fallback off (as opposed to the server not having it). */
export function isSwitchedOff(transports: AvailableTransports, transport: SwitchableTransport): boolean {
  const state = transports[transport];
  return !state.available && state.switchedOff === true;
}

/** Console: switch the fallbacks on or off for this drone; answered with the new AvailableTransports. */
export const setTransportsRequest = z.strictObject({ websocket: z.boolean().optional(), mqtt: z.boolean().optional() }).refine(
  (change) => change.websocket !== undefined || change.mqtt !== undefined,
  'name at least one of websocket, mqtt',
);
export type SetTransportsRequest = z.infer<typeof setTransportsRequest>;
