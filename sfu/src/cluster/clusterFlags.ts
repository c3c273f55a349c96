import { z } from 'zod';
import { ipFlag } from '@dronecast/runtime';

/**
 * SFU flags for running on several hosts. With --redis-url the SFU shares signaling with the
 * others through socket.io's Redis adapter and pipes producers between hosts over PipeTransports;
 * without it, nothing about the cluster exists.
 */
export const clusterFlags = {
  'redis-url': { type: 'string' },
  'pipe-listen-ip': { type: 'string' },
  'pipe-announced-address': { type: 'string' },
} as const;

export const clusterUsage = `  --redis-url <url>         share signaling with other SFUs through this Redis (redis://[:password@]host:6379);
                            they must share the signing secret (--state-dir secret or DRONECAST_SECRET)
  --pipe-listen-ip <ip>     where this SFU's PipeTransports to other SFUs listen (UDP; default 127.0.0.1)
  --pipe-announced-address <ip>  the address other SFUs send to (default --pipe-listen-ip)`;

/** Spread into the config's z.object({...}). */
export const clusterFlagSchema = {
  'redis-url': z
    .string()
    .regex(/^rediss?:\/\/.+/, '--redis-url: expected redis://host:port or rediss://host:port')
    .optional(),
  'pipe-listen-ip': ipFlag().default('127.0.0.1'),
  'pipe-announced-address': ipFlag().optional(),
};

export interface ClusterSettings {
  redisUrl: string;
  pipeListenIp: string;
  pipeAnnouncedAddress: string;
}

/** Undefined without --redis-url: a single-host SFU. */
export function clusterSettings(v: { 'redis-url'?: string | undefined; 'pipe-listen-ip': string; 'pipe-announced-address'?: string | undefined }): ClusterSettings | undefined {
  if (!v['redis-url']) return undefined;
  return { redisUrl: v['redis-url'], pipeListenIp: v['pipe-listen-ip'], pipeAnnouncedAddress: v['pipe-announced-address'] ?? v['pipe-listen-ip'] };
}
