import { z } from 'zod';
import { roleSchema } from './roles.ts';

/** One client connected for a drone, as the console's list of who is there shows it. */
export const connectedPeerSchema = z.object({
  peerId: z.string().min(1).max(64),
  role: roleSchema,
  /** When it connected, server clock, epoch ms. */
  since: z.number(),
  /** The address it connected from, as the SFU saw it. */
  address: z.string().max(64),
  /** A short name for its browser or program, from its user agent. */
  device: z.string().max(120),
});
export type ConnectedPeer = z.infer<typeof connectedPeerSchema>;

/** Everyone connected for a drone; sent to consoles on join and on every change. */
export const connectedPeersSchema = z.object({ peers: z.array(connectedPeerSchema).max(1000) });
export type ConnectedPeers = z.infer<typeof connectedPeersSchema>;
