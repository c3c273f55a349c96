import { z } from 'zod';

/**
 * What the SFU tells the process that started it (over the Node IPC channel) once it serves:
 * the URLs to hand to people and the service tokens for the processes the launcher starts.
 */
export const sfuReadySchema = z.strictObject({
  type: z.literal('sfu:ready'),
  httpsUrl: z.string(),
  pilotUrls: z.array(z.string()).min(1),
  viewerUrls: z.array(z.string()).min(1),
  /** When the pilot and viewer links above stop working (epoch ms; --link-ttl). */
  linksExpireAt: z.number(),
  caUrl: z.string(),
  /** ground: the agent; console: the ground station's button panel (console role: flies without the lease, may pick the drone connection). */
  tokens: z.strictObject({ ground: z.string(), console: z.string(), processing: z.string() }),
  droneId: z.string(),
});
export type SfuReady = z.infer<typeof sfuReadySchema>;

/**
 * A spare: a copy of a process the launcher keeps started with this variable set, its modules
 * loaded, so that after a crash it takes over without a cold start. It says it is loaded, then
 * waits to be told to take over.
 */
export const spareEnvVariable = 'DRONECAST_SPARE';
export const spareLoadedSchema = z.strictObject({ type: z.literal('spare:loaded') });
export const spareTakeOverSchema = z.strictObject({ type: z.literal('spare:takeOver') });
export type SpareTakeOver = z.infer<typeof spareTakeOverSchema>;
