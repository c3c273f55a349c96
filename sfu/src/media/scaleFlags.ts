import { integerFlag } from '@dronecast/runtime';

/**
 * SFU flags for spreading one drone's viewers over several workers. The default comes from the
 * fan-out bench (~670 consumers of a 1 Mbit/s stream per worker core on the reference machine):
 * 300 keeps a router's worker well under its core with room for producers, RTCP and retransmissions.
 */
export const scaleFlags = {
  'consumers-per-router': { type: 'string' },
} as const;

export const scaleUsage = `  --consumers-per-router <n>  viewers' consumers one router carries before a drone's new viewers are served
                            from a router on another worker, fed through pipeToRouter (default 300)`;

export const defaultConsumersPerRouter = 300;

/** Spread into the config's z.object({...}). */
export const scaleFlagSchema = {
  'consumers-per-router': integerFlag('consumers-per-router', 1, 100_000).default(defaultConsumersPerRouter),
};
