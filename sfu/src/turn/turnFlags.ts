import { z } from 'zod';

/**
 * SFU flags for TURN. Without --turn-url nothing about TURN exists: transports carry no
 * iceServers and clients behave as before. mediasoup is ICE-lite and never talks to TURN itself;
 * phones behind carrier NAT relay through coturn to the address the SFU announces.
 */
export const turnFlags = {
  'turn-url': { type: 'string', multiple: true },
  'turn-secret-file': { type: 'string' },
  'turn-ttl': { type: 'string' },
} as const;

export const turnUsage = `  --turn-url <url>          a TURN server for clients, e.g. turn:turn.example.com:3478?transport=udp
                            (repeat the flag or give a comma list; turns:HOST:5349?transport=tcp for TLS)
  --turn-secret-file <file> coturn's static-auth-secret (npm run turn writes one); or DRONECAST_TURN_SECRET
  --turn-ttl <seconds>      how long each TURN credential stays valid (default 3600)`;

/** The secret itself may come from the environment instead of a file (containers, secret stores). */
export const turnSecretEnv = 'DRONECAST_TURN_SECRET';

/** Spread into the config's z.object({...}). */
export const turnFlagSchema = {
  'turn-url': z.array(z.string()).optional(),
  'turn-secret-file': z.string().min(1, '--turn-secret-file: give a file').optional(),
  'turn-ttl': z.coerce
    .number({ error: '--turn-ttl must be a number of seconds' })
    .int('--turn-ttl must be a whole number of seconds')
    .min(60, '--turn-ttl must be at least 60 seconds')
    .max(86_400, '--turn-ttl must be at most 86400 seconds (a day)')
    .default(3600),
};

export interface TurnSettings {
  urls: string[];
  /** Absent: the secret is in the DRONECAST_TURN_SECRET environment variable. */
  secretFile: string | undefined;
  ttlSeconds: number;
}

interface TurnFlagValues {
  'turn-url'?: string[] | undefined;
  'turn-secret-file'?: string | undefined;
  'turn-ttl': number;
}

// turn: or turns:, a host name, IPv4 or [IPv6], an optional port, an optional transport.
const turnUrlPattern = /^(turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;

/** Why a TURN URL is unusable, or undefined when it is fine. */
export function turnUrlProblem(url: string): string | undefined {
  const match = turnUrlPattern.exec(url);
  const expected = 'expected turn:HOST:PORT?transport=udp (or tcp), or turns:HOST:PORT?transport=tcp';
  if (!match) return `"${url}": ${expected}`;
  const [, scheme, , port, transport] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `"${url}": port must be 1-65535`;
  if (scheme === 'turns' && transport === 'udp') return `"${url}": turns: is TLS over TCP; use ?transport=tcp`;
  return undefined;
}

/**
 * The TURN part of the parsed config, or undefined when TURN is off. Reports problems as zod
 * issues (so they print with the usage like every other bad flag) and then returns undefined.
 */
export function turnSettings(
  values: TurnFlagValues,
  env: Record<string, string | undefined>,
  report: (flag: string, message: string) => void,
): TurnSettings | undefined {
  const urls = (values['turn-url'] ?? []).flatMap((entry) => entry.split(',')).map((u) => u.trim()).filter(Boolean);
  const secretFile = values['turn-secret-file'];
  const hasSecret = secretFile !== undefined || Boolean(env[turnSecretEnv]);
  if (urls.length === 0) {
    if (secretFile !== undefined) report('turn-secret-file', 'given without --turn-url: which TURN server is it for?');
    return undefined;
  }
  let ok = true;
  for (const url of urls) {
    const problem = turnUrlProblem(url);
    if (problem) {
      report('turn-url', problem);
      ok = false;
    }
  }
  if (urls.length > 8) {
    report('turn-url', 'at most 8 TURN URLs');
    ok = false;
  }
  if (!hasSecret) {
    report('turn-url', `needs the shared secret: --turn-secret-file <file> or the ${turnSecretEnv} environment variable`);
    ok = false;
  }
  return ok ? { urls, secretFile, ttlSeconds: values['turn-ttl'] } : undefined;
}
