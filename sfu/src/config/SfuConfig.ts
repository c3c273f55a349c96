import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { droneIdSchema, mapTileUrlSchema, maxLinkTtlHours, parseLinkTtl } from '@dronecast/protocol';
import {
  caCertFlag,
  configUsage,
  firstLanIpv4,
  ipFlag,
  mqttBrokerFlags,
  mqttBrokerFlagSchema,
  mqttBrokerUsage,
  nodeFlagSources,
  parseFlags,
  parseMqttBrokerChoice,
  repoRoot,
  stateDirFlag,
  type FlagSpec,
} from '@dronecast/runtime';
import { scaleFlags, scaleFlagSchema, scaleUsage } from '../media/scaleFlags.ts';
import { metricsFlags, metricsFlagSchema, metricsUsage } from '../operations/metricsFlags.ts';
import { clusterFlags, clusterFlagSchema, clusterSettings, clusterUsage } from '../cluster/clusterFlags.ts';
import { embeddedBrokerFlags, embeddedBrokerFlagSchema, embeddedBrokerTcp, embeddedBrokerUsage } from '../transports/mqtt/embeddedBrokerFlags.ts';
import { turnFlags, turnFlagSchema, turnSettings, turnUsage } from '../turn/turnFlags.ts';

export const sfuUsage = `Usage: dronecast-sfu [flags]
${configUsage('sfu')}
  --host <ip>               address the HTTPS server listens on (default 0.0.0.0)
  --port <n>                HTTPS port (default 8443)
  --public-host <host>      host name or IP put in the URLs printed for phones (default: first LAN IPv4)
  --rtc-listen-ip <ip>      address mediasoup listens on for WebRTC (default 0.0.0.0)
  --announced-address <ip>  address given to browsers in ICE candidates (default: --public-host)
  --rtc-port <n>            first WebRTC port (UDP+TCP); worker i uses rtc-port+i (default 40000)
  --workers <n>             mediasoup workers (default: one per core)
${scaleUsage}
${clusterUsage}
  --drone-id <id>           the drone this server carries (default drone1)
  --state-dir <dir>         where the signing secret is kept (default .dronecast)
  --webapp-dir <dir>        built web app to serve (default webapp/dist)
  --tls-cert <file> --tls-key <file> --ca-cert <file>   (default certs/out/*.pem; make them with npm run certs)
  --map-tiles <url>         raster tiles for the pilots' map, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
                            (default: none, a metric grid only; nothing is fetched)
  --link-ttl <time>         how long the pilot and viewer links printed at start-up work, e.g. 12h, 7d
                            (default 7d; people's own links come from npm run link or the console)
${metricsUsage}
${mqttBrokerUsage}
${embeddedBrokerUsage}
${turnUsage}`;

const flags: FlagSpec = {
  host: { type: 'string' },
  port: { type: 'string' },
  'public-host': { type: 'string' },
  'rtc-listen-ip': { type: 'string' },
  'announced-address': { type: 'string' },
  'rtc-port': { type: 'string' },
  workers: { type: 'string' },
  ...scaleFlags,
  ...clusterFlags,
  'drone-id': { type: 'string' },
  'state-dir': { type: 'string' },
  'webapp-dir': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'ca-cert': { type: 'string' },
  'map-tiles': { type: 'string' },
  'link-ttl': { type: 'string' },
  ...metricsFlags,
  ...mqttBrokerFlags,
  ...embeddedBrokerFlags,
  ...turnFlags,
};

// The SFU's own wording for its ports ("--port must be 1-65535"), which its tests pin.
const port = (name: string) =>
  z.coerce.number({ error: `--${name} must be a number` }).int().min(1, `--${name} must be 1-65535`).max(65535, `--${name} must be 1-65535`);

const schema = z
  .object({
    host: ipFlag().default('0.0.0.0'),
    port: port('port').default(8443),
    'public-host': z.string().min(1).optional(),
    'rtc-listen-ip': ipFlag().default('0.0.0.0'),
    'announced-address': z.string().min(1).optional(),
    'rtc-port': port('rtc-port').default(40000),
    workers: z.coerce.number({ error: '--workers must be a number' }).int().min(1).max(64).default(os.availableParallelism()),
    ...scaleFlagSchema,
    ...clusterFlagSchema,
    'drone-id': droneIdSchema.default('drone1'),
    'state-dir': stateDirFlag(),
    'webapp-dir': z.string().default(path.join(repoRoot, 'webapp/dist')),
    'tls-cert': z.string().default(path.join(repoRoot, 'certs/out/cert.pem')),
    'tls-key': z.string().default(path.join(repoRoot, 'certs/out/key.pem')),
    'ca-cert': caCertFlag(),
    'map-tiles': mapTileUrlSchema.optional(),
    'link-ttl': z
      .string()
      .default('7d')
      .transform((text, ctx) => parseLinkTtl(text) ?? (ctx.addIssue({ code: 'custom', message: `--link-ttl: expected a time such as 12h or 7d, up to ${maxLinkTtlHours / 24}d` }), z.NEVER)),
    ...metricsFlagSchema,
    ...mqttBrokerFlagSchema,
    ...embeddedBrokerFlagSchema,
    ...turnFlagSchema,
  })
  .transform((v, ctx) => {
    const publicHost = v['public-host'] ?? firstLanIpv4() ?? '127.0.0.1';
    return {
      host: v.host,
      port: v.port,
      publicHost,
      rtcListenIp: v['rtc-listen-ip'],
      announcedAddress: v['announced-address'] ?? publicHost,
      rtcPort: v['rtc-port'],
      workers: v.workers,
      consumersPerRouter: v['consumers-per-router'],
      // Undefined without --redis-url: a single-host SFU.
      cluster: clusterSettings(v),
      droneId: v['drone-id'],
      stateDir: path.resolve(v['state-dir']),
      webappDir: path.resolve(v['webapp-dir']),
      tls: { cert: path.resolve(v['tls-cert']), key: path.resolve(v['tls-key']), ca: path.resolve(v['ca-cert']) },
      mapTiles: v['map-tiles'] ?? null,
      linkTtlHours: v['link-ttl'],
      metricsToken: v['metrics-token'],
      mqtt: parseMqttBrokerChoice(v),
      mqttTcp: embeddedBrokerTcp(v),
      // Undefined without --turn-url: TURN off, nothing changes for clients.
      turn: turnSettings(v, process.env, (flag, message) => ctx.addIssue({ code: 'custom', path: [flag], message })),
    };
  });

export type SfuConfig = z.output<typeof schema>;

export function parseSfuConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): SfuConfig {
  return parseFlags(parseArgs, argv, flags, schema, sfuUsage, nodeFlagSources('sfu', env));
}
