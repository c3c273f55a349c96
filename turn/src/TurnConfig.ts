import path from 'node:path';
import { isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { firstLanIpv4, integerFlag, ipFlag, parseFlags, stateDirFlag, switchFlag, type FlagSpec } from '@dronecast/runtime';

export const turnUsage = `Usage: npm run turn -- [flags]
  --listen-ip <ip>          address coturn listens on, UDP and TCP (default 0.0.0.0)
  --port <n>                its port (default 3478)
  --public-host <host>      host or IP phones reach it at, put in the printed --turn-url (default: --listen-ip, or the first LAN IPv4)
  --relay-ip <ip>           address relayed traffic leaves from (default: --listen-ip when it is not 0.0.0.0)
  --external-ip <ip>        public address when coturn sits behind NAT (e.g. a cloud VM's elastic IP)
  --min-port <n> --max-port <n>   UDP relay port range (default 49160-49200)
  --realm <name>            TURN realm (default dronecast)
  --state-dir <dir>         where the secret (turn/secret, mode 600) and the written config live (default .dronecast)
  --sfu-ip <ip>             an address of the SFU, the only private address phones may relay to (repeatable;
                            default: --public-host when it is an IPv4 address, as when coturn runs beside the SFU)
  --allow-loopback-peers    relay to loopback addresses named by --sfu-ip (coturn refuses loopback by default; for tests on one machine)
  --tcp-relay               allow TCP relays to peers (RFC 6062; off: browsers relay media over UDP)
  --user-quota <n>          allocations one person may hold (default 12; a shared start-up link counts per address)
  --total-quota <n>         allocations in all (default 200)
  --max-bps <n>             bytes per second one session may relay (default 1000000)
  --turnserver <path>       the coturn binary (default turnserver on PATH)
  --help`;

const flags: FlagSpec = {
  'listen-ip': { type: 'string' },
  port: { type: 'string' },
  'public-host': { type: 'string' },
  'relay-ip': { type: 'string' },
  'external-ip': { type: 'string' },
  'min-port': { type: 'string' },
  'max-port': { type: 'string' },
  realm: { type: 'string' },
  'state-dir': { type: 'string' },
  'allow-loopback-peers': { type: 'boolean' },
  'sfu-ip': { type: 'string', multiple: true },
  'tcp-relay': { type: 'boolean' },
  'user-quota': { type: 'string' },
  'total-quota': { type: 'string' },
  'max-bps': { type: 'string' },
  turnserver: { type: 'string' },
  help: { type: 'boolean' },
};

const schema = z
  .object({
    'listen-ip': ipFlag('listen-ip').default('0.0.0.0'),
    port: integerFlag('port', 1, 65535).default(3478),
    'public-host': z.string().regex(/^[A-Za-z0-9.:-]+$/, '--public-host: expected a host name or IP').optional(),
    'relay-ip': ipFlag('relay-ip').optional(),
    'external-ip': ipFlag('external-ip').optional(),
    'min-port': integerFlag('min-port', 1024, 65535).default(49160),
    'max-port': integerFlag('max-port', 1024, 65535).default(49200),
    realm: z.string().regex(/^[A-Za-z0-9.-]{1,64}$/, '--realm: letters, digits, dots and dashes').default('dronecast'),
    'state-dir': stateDirFlag(),
    'allow-loopback-peers': switchFlag(),
    'sfu-ip': z.array(ipFlag('sfu-ip')).default([]),
    'tcp-relay': switchFlag(),
    'user-quota': integerFlag('user-quota', 1, 1000).default(12),
    'total-quota': integerFlag('total-quota', 1, 100_000).default(200),
    'max-bps': integerFlag('max-bps', 10_000, 1_000_000_000).default(1_000_000),
    turnserver: z.string().min(1).default('turnserver'),
    help: switchFlag(),
  })
  .refine((v) => v['min-port'] < v['max-port'], { message: '--min-port must be below --max-port', path: ['min-port'] })
  .transform((v) => {
    const wildcard = v['listen-ip'] === '0.0.0.0' || v['listen-ip'] === '::';
    const publicHost = v['public-host'] ?? (wildcard ? firstLanIpv4() ?? '127.0.0.1' : v['listen-ip']);
    return {
      listenIp: v['listen-ip'],
      port: v.port,
      publicHost,
      sfuIps: v['sfu-ip'].length > 0 ? v['sfu-ip'] : isIPv4(publicHost) ? [publicHost] : [],
      relayIp: v['relay-ip'] ?? (wildcard ? undefined : v['listen-ip']),
      externalIp: v['external-ip'],
      minPort: v['min-port'],
      maxPort: v['max-port'],
      realm: v.realm,
      stateDir: path.resolve(v['state-dir'], 'turn'),
      allowLoopbackPeers: v['allow-loopback-peers'],
      tcpRelay: v['tcp-relay'],
      userQuota: v['user-quota'],
      totalQuota: v['total-quota'],
      maxBps: v['max-bps'],
      turnserver: v.turnserver,
      help: v.help,
    };
  });

export type TurnConfig = z.output<typeof schema>;

export function parseTurnConfig(argv: string[]): TurnConfig {
  return parseFlags(parseArgs, argv, flags, schema, turnUsage);
}

/** The URLs clients get (both transports: UDP first, TCP when a network blocks UDP). */
export function turnUrls(config: Pick<TurnConfig, 'publicHost' | 'port'>): string[] {
  const host = config.publicHost.includes(':') ? `[${config.publicHost}]` : config.publicHost;
  return [`turn:${host}:${config.port}?transport=udp`, `turn:${host}:${config.port}?transport=tcp`];
}
