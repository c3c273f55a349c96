import { z } from 'zod';
import { UsageError } from '../usageError.ts';

/** Flag pieces of the processes that connect to the SFU with a service token (ground agent, pose worker). */

/** --sfu: the SFU's base URL. */
export function sfuUrlFlag() {
  return z.url({ protocol: /^https?$/, error: '--sfu must be an http(s) URL such as https://127.0.0.1:8443' }).default('https://127.0.0.1:8443');
}

/** --token: the service token the SFU printed; optional as a flag because DRONECAST_TOKEN is the better place. */
export function accessTokenFlag() {
  return z.string().min(10).optional();
}

/** --max-bitrate: the WebRTC bitrate cap of the video the process sends, in kbit/s. */
export function maxBitrateFlag(defaultKbps: number) {
  return z.coerce
    .number({ error: '--max-bitrate must be a number (kbit/s)' })
    .int()
    .min(100, '--max-bitrate must be at least 100 kbit/s')
    .max(20000, '--max-bitrate must be at most 20000 kbit/s')
    .default(defaultKbps);
}

/** The token from --token, else DRONECAST_TOKEN; without either the process cannot do anything: a UsageError. */
export function requireAccessToken(flag: string | undefined, env: Record<string, string | undefined>, usage: string): string {
  const token = flag ?? env.DRONECAST_TOKEN;
  if (!token) throw new UsageError(`no access token: set DRONECAST_TOKEN or pass --token\n\n${usage}`);
  return token;
}
