import { z } from 'zod';

/**
 * One TURN server entry as RTCPeerConnection takes it. The SFU hands these out with every
 * transport it creates: short-lived credentials of the TURN REST API scheme
 * (username `<expiry unix seconds>:<peerId>`, credential base64(HMAC-SHA1(secret, username))).
 */
export const iceServerSchema = z.strictObject({
  urls: z.array(z.string().min(1).max(256)).min(1).max(8),
  username: z.string().min(1).max(256),
  credential: z.string().min(1).max(256),
});
export type IceServer = z.infer<typeof iceServerSchema>;

/**
 * What `npm run turn` (turn/src/main.ts) tells the process that started it once coturn answers:
 * the URLs clients should use and the file with the shared secret, for the SFU's --turn-* flags.
 */
export const turnReadySchema = z.strictObject({
  type: z.literal('turn:ready'),
  urls: z.array(z.string()).min(1),
  secretFile: z.string(),
  port: z.number().int(),
});
export type TurnReady = z.infer<typeof turnReadySchema>;
