import { z } from 'zod';
import { droneIdSchema, mediaSourceSchema } from './roles.ts';

/**
 * Between SFU processes (hosts) sharing signaling through socket.io's Redis adapter: server-side
 * events (io.serverSideEmit), never seen by clients. Every message is signed with the SFUs' shared
 * signing secret (see the SFU's ClusterAuth), so access to Redis alone can't make an SFU open pipes.
 */
export const clusterEvents = {
  /** A producer arrived on its origin SFU (made there by a client, not piped in). */
  producerAdded: 'cluster:producerAdded',
  producerClosed: 'cluster:producerClosed',
  /** Asked with an acknowledgement: which producers of a drone does each SFU originate? */
  listProducers: 'cluster:listProducers',
  /** Asked with an acknowledgement: open a PipeTransport to the asker and consume a producer into it. */
  pipe: 'cluster:pipe',
  /** A client joined a host without the drone's ground agent: the agent's host sends it the drone's state. */
  greet: 'cluster:greet',
  /** A person's link was revoked on one host: every host refuses it from now on. */
  linkRevoked: 'cluster:linkRevoked',
  /** Asked with an acknowledgement by a host that joins: which links have the others seen revoked? */
  listRevoked: 'cluster:listRevoked',
} as const;

const id = z.string().min(1).max(128);

export const clusterProducerSchema = z.strictObject({
  producerId: id,
  source: mediaSourceSchema,
  kind: z.literal('video'),
  peerId: id,
  of: id.optional(),
});
export type ClusterProducer = z.infer<typeof clusterProducerSchema>;

const endpoint = z.strictObject({ ip: z.union([z.ipv4(), z.ipv6()]), port: z.number().int().min(1).max(65535) });

/** The signed envelope every cluster message travels in: `body` is the JSON the signature covers. */
/** `nonce` makes each envelope unique, so one replayed within its freshness window is refused. */
export const clusterEnvelopeSchema = z.strictObject({ body: z.string().max(64_000), at: z.number().int(), nonce: z.string().min(16).max(64), sig: z.string().max(128) });
export type ClusterEnvelope = z.infer<typeof clusterEnvelopeSchema>;

export const clusterProducerEventSchema = z.strictObject({ droneId: droneIdSchema, server: id, producer: clusterProducerSchema });
export const clusterProducerClosedSchema = z.strictObject({ droneId: droneIdSchema, server: id, producerId: id });
export const clusterGreetSchema = z.strictObject({ droneId: droneIdSchema, peerId: id });
export const clusterLinkRevokedSchema = z.strictObject({ linkId: id });
export const clusterListRevokedRequestSchema = z.strictObject({ server: id });
export const clusterListRevokedAnswerSchema = z.strictObject({ server: id, linkIds: z.array(id).max(100_000) });
export const clusterListRequestSchema = z.strictObject({ droneId: droneIdSchema });
export const clusterListAnswerSchema = z.strictObject({ server: id, producers: z.array(clusterProducerSchema) });

/** The asking SFU's PipeTransport: where the origin sends the producer's RTP. */
export const clusterPipeRequestSchema = z.strictObject({ droneId: droneIdSchema, producerId: id, to: endpoint });
export const clusterPipeAnswerSchema = z.strictObject({
  server: id,
  producer: clusterProducerSchema,
  /** The origin's PipeTransport, to connect the asker's to. */
  from: endpoint,
  rtpParameters: z.record(z.string(), z.unknown()),
  paused: z.boolean(),
});
export type ClusterPipeAnswer = z.infer<typeof clusterPipeAnswerSchema>;
