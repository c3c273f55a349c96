import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { droneIdSchema, linkNameSchema, linkRoleSchema, maxLinkTtlHours, parseLinkTtl } from '@dronecast/protocol';
import { firstLanIpv4, integerFlag, parseFlags, stateDirFlag, switchFlag, type FlagSpec } from '@dronecast/runtime';

export const linkUsage = `Usage: npm run link -- --name NAME [flags]
  A link to the pilot or viewer page for one person, with its own expiry; the ground console
  lists it and can revoke it alone. Uses the same state folder (and so the same secret) as npm start.
  --name <name>          who it is for, as the console lists it (required)
  --role viewer|pilot    what the link lets them do (default viewer)
  --ttl <time>           how long it works, e.g. 90m, 24h, 7d (default 24h, at most ${maxLinkTtlHours / 24}d)
  --public-host <host>   the SFU's address phones reach (default: the first LAN IPv4, as npm start)
  --port <n>             the SFU's HTTPS port (default 8443)
  --drone-id <id>        (default drone1)
  --state-dir <dir>      (default .dronecast)
  --help`;

const flags: FlagSpec = {
  name: { type: 'string' },
  role: { type: 'string' },
  ttl: { type: 'string' },
  'public-host': { type: 'string' },
  port: { type: 'string' },
  'drone-id': { type: 'string' },
  'state-dir': { type: 'string' },
  help: { type: 'boolean' },
};

const schema = z
  .object({
    name: linkNameSchema.optional(),
    role: linkRoleSchema.default('viewer'),
    ttl: z
      .string()
      .default('24h')
      .transform((text, ctx) => parseLinkTtl(text) ?? (ctx.addIssue({ code: 'custom', message: `--ttl: expected a time such as 90m, 24h or 7d, up to ${maxLinkTtlHours / 24}d` }), z.NEVER)),
    'public-host': z.string().regex(/^[A-Za-z0-9.:-]+$/, '--public-host: expected a host name or IP').optional(),
    port: integerFlag('port', 1, 65535).default(8443),
    'drone-id': droneIdSchema.default('drone1'),
    'state-dir': stateDirFlag(),
    help: switchFlag(),
  })
  .refine((v) => v.help || v.name !== undefined, { message: 'say who the link is for', path: ['name'] })
  .transform((v) => ({
    name: v.name ?? '',
    role: v.role,
    ttlHours: v.ttl,
    origin: `https://${v['public-host'] ?? firstLanIpv4() ?? '127.0.0.1'}:${v.port}`,
    droneId: v['drone-id'],
    stateDir: path.resolve(v['state-dir']),
    help: v.help,
  }));

export type LinkConfig = z.output<typeof schema>;

export function parseLinkConfig(argv: string[]): LinkConfig {
  return parseFlags(parseArgs, argv, flags, schema, linkUsage);
}
