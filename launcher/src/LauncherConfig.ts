import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { mapTileUrlSchema } from '@dronecast/protocol';
import {
  configUsage,
  integerFlag,
  mqttBrokerFlags,
  mqttBrokerFlagSchema,
  mqttBrokerUsage,
  nodeFlagSources,
  parseLayeredFlags,
  repoRoot,
  stateDirFlag,
  switchFlag,
  type FlagSpec,
} from '@dronecast/runtime';

export const launcherUsage = `Usage: npm start -- [flags]
  --port <n>                HTTPS port for phones (default 8443)
  --public-host <host>      host or IP printed in the phone URLs (default: this machine's first LAN IPv4)
  --announced-address <ip>  address WebRTC candidates carry (default: --public-host)
  --rtc-port <n>            first WebRTC port, UDP+TCP, one per worker (default 40000)
  --workers <n>             mediasoup workers (default: one per core, ${os.availableParallelism()} here)
  --drone <connection>      the drone: serial:/dev/ttyUSB0:57600, udp:0.0.0.0:14550, udpout:HOST:PORT, tcp:HOST:PORT
                            (default: the built-in ArduCopter-like simulator)
  --gcs <connection>        also route the drone's MAVLink to a ground station such as QGroundControl, with
                            the camera protocol; repeatable: udp:0.0.0.0:14550 (listen), udpout:HOST:PORT, tcp:HOST:PORT
  --camera <spec>           pattern (default), pattern:1280x720@30, rtp:0.0.0.0:5600 (H.264 passed through),
                            /dev/video0, rtsp://..., udp://..., file:video.mp4
  --max-bitrate <kbps>      WebRTC bitrate cap for the drone video (default 1500)
  --map-tiles <url>         raster tiles for the pilots' map ({z}/{x}/{y} template; default none: a metric grid)
  --link-ttl <time>         how long the printed pilot and viewer links work, e.g. 12h, 7d (default 7d;
                            a link per person: npm run link -- --name NAME)
  --console-port <n>        the ground console on http://127.0.0.1:<n>/ground, this machine only (default 8090; 0 = off)
  --state-dir <dir>         secret and runtime state (default .dronecast)
  --certs-dir <dir>         TLS certificates, made when missing (default certs/out)
  --turn                    also run coturn (npm run turn) for phones on mobile networks; the SFU hands out its credentials
  --turn-port <n>           its UDP+TCP port (default 3478)
${mqttBrokerUsage}
${configUsage('launcher')}
                            the file is handed to each process, which reads its own section (sfu, ground, processing);
                            what the launcher passes (ports, directories, the flags above) wins over those sections
  --help`;

const flags: FlagSpec = {
  port: { type: 'string' },
  'public-host': { type: 'string' },
  'announced-address': { type: 'string' },
  'rtc-port': { type: 'string' },
  workers: { type: 'string' },
  camera: { type: 'string' },
  drone: { type: 'string' },
  gcs: { type: 'string', multiple: true },
  'max-bitrate': { type: 'string' },
  'map-tiles': { type: 'string' },
  'link-ttl': { type: 'string' },
  'console-port': { type: 'string' },
  'state-dir': { type: 'string' },
  'certs-dir': { type: 'string' },
  turn: { type: 'boolean' },
  'turn-port': { type: 'string' },
  help: { type: 'boolean' },
  ...mqttBrokerFlags,
};

const schema = z.object({
  port: integerFlag('port', 1, 65535).default(8443),
  'public-host': z.string().min(1).optional(),
  'announced-address': z.string().min(1).optional(),
  'rtc-port': integerFlag('rtc-port', 1024, 65000).default(40000),
  workers: integerFlag('workers', 1, 64).optional(),
  camera: z.string().min(1).optional(),
  drone: z.string().min(3).optional(),
  // Checked by the ground agent, which says what it expects.
  gcs: z.array(z.string().min(3, '--gcs: expected a connection such as udp:0.0.0.0:14550')).default([]),
  'max-bitrate': integerFlag('max-bitrate', 100, 20000).optional(),
  'map-tiles': mapTileUrlSchema.optional(),
  // Checked by the SFU, which says what it expects.
  'link-ttl': z.string().regex(/^\d+(\.\d+)?[mhd]$/, '--link-ttl: expected a time such as 12h or 7d').optional(),
  'console-port': integerFlag('console-port', 0, 65535).default(8090),
  'state-dir': stateDirFlag(),
  'certs-dir': z.string().default(path.join(repoRoot, 'certs/out')),
  turn: switchFlag(),
  'turn-port': integerFlag('turn-port', 1, 65535).default(3478),
  help: switchFlag(),
  ...mqttBrokerFlagSchema,
});

/** The launcher's settings, and the configuration file (absolute) to hand to every process it starts. */
export type LauncherConfig = z.output<typeof schema> & { configFile: string | undefined };

export function parseLauncherConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const { values, configFile } = parseLayeredFlags(parseArgs, argv, flags, schema, launcherUsage, nodeFlagSources('launcher', env));
  return { ...values, configFile: configFile === undefined ? undefined : path.resolve(configFile) };
}
