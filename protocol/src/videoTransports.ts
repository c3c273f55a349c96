import { z } from 'zod';

/** The ways drone video reaches a page: WebRTC (main path) and the two JPEG fallbacks. */
export const videoTransports = ['webrtc', 'websocket', 'mqtt'] as const;
export const videoTransportSchema = z.enum(videoTransports);
export type VideoTransport = z.infer<typeof videoTransportSchema>;

/**
 * What the SFU offers, told to each client in its welcome. WebRTC and websocket are always
 * there; MQTT only when a broker a browser can reach exists (none in sockets-only mode, and a
 * browser cannot open mqtt:// TCP connections).
 */
export const availableTransportsSchema = z.object({
  mqtt: z.discriminatedUnion('available', [
    /** `url` null: the SFU's embedded broker on the page's own origin (path mqttWebSocketPath). */
    z.object({ available: z.literal(true), url: z.string().max(2048).nullable() }),
    z.object({ available: z.literal(false), reason: z.string().max(500) }),
  ]),
});
export type AvailableTransports = z.infer<typeof availableTransportsSchema>;

export function isTransportAvailable(transports: AvailableTransports, transport: VideoTransport): boolean {
  return transport === 'mqtt' ? transports.mqtt.available : true;
}
