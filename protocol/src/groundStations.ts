import { z } from 'zod';

/** How the ground agent reaches a ground station: it sent to our port (udp), we send to it (udpout), we dialed it (tcp). */
export const groundStationKinds = ['udp', 'udpout', 'tcp'] as const;
export const groundStationKindSchema = z.enum(groundStationKinds);
export type GroundStationKind = z.infer<typeof groundStationKindSchema>;

/** Most stations a report lists (the agent serves at most 16 senders per UDP port). */
export const maxReportedGroundStations = 64;

/**
 * One MAVLink ground station (QGroundControl, Mission Planner, MAVProxy) the ground agent routes
 * the drone's MAVLink to (--gcs), as the console lists it.
 */
export const groundStationSchema = z.strictObject({
  kind: groundStationKindSchema,
  /** Its address and port as the agent sees it, e.g. "192.168.1.20:14550". */
  address: z.string().min(1).max(80),
  /** When the agent first heard it (udp) or began serving it (udpout, tcp); server clock, epoch ms. */
  since: z.number(),
  /** Its last valid MAVLink packet, server clock; null: none yet. */
  lastHeardAt: z.number().nullable(),
  /** tcp: connected now; udp and udpout have no connection and are always up. */
  linkUp: z.boolean(),
  /** MAVLink packets from it, and to it. */
  packetsIn: z.number().int().min(0),
  packetsOut: z.number().int().min(0),
  /** Its packets refused because it sent faster than the drone link takes (a flood). */
  packetsDropped: z.number().int().min(0),
  /** The MAVLink system/component ids it sends from, e.g. ["255/190"]. */
  mavlinkIds: z.array(z.string().regex(/^\d{1,3}\/\d{1,3}$/)).max(8),
});
export type GroundStation = z.infer<typeof groundStationSchema>;

/** From the ground agent to the SFU, and on to consoles: on every change, and every second while any is listed. */
export const groundStationsSchema = z.strictObject({ stations: z.array(groundStationSchema).max(maxReportedGroundStations) });
export type GroundStations = z.infer<typeof groundStationsSchema>;
