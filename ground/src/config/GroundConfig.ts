import { isIP } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { brokerUrlFor } from '@dronecast/protocol';
import type { GroundStationConnection } from '../gcs/groundStationSpec.ts';
import { groundStationForms, parseGroundStationSpecs } from '../gcs/groundStationSpec.ts';
import {
  accessTokenFlag,
  caCertFlag,
  configUsage,
  maxBitrateFlag,
  mqttBrokerFlags,
  mqttBrokerFlagSchema,
  mqttBrokerUsage,
  nodeFlagSources,
  parseFlags,
  parseMqttBrokerChoice,
  repoRoot,
  requireAccessToken,
  sfuUrlFlag,
  type FlagSpec,
} from '@dronecast/runtime';

/** The built web app, whose ground.html the console server serves. */
export const webappDistDir = path.join(repoRoot, 'webapp/dist');

export const groundUsage = `Usage: dronecast-ground [flags]   (the access token comes from DRONECAST_TOKEN or --token)
  --sfu <url>            the SFU to publish to (default https://127.0.0.1:8443)
  --token <token>        ground token printed by the SFU (prefer the DRONECAST_TOKEN environment variable)
  --ca-cert <file>       CA that signed the SFU's certificate (default certs/out/ca.pem)
  --drone <connection>   serial:/dev/ttyUSB0:57600, udp:0.0.0.0:14550, udpout:HOST:PORT or tcp:HOST:PORT
                         (default: the built-in simulator, on a loopback UDP port)
  --gcs <connection>     route the drone's MAVLink to a ground station (QGroundControl, Mission Planner, MAVProxy)
                         and serve it the camera protocol; repeatable; one of
${groundStationForms.replace(/^ {2}/gm, '                           ')}
  --camera <spec>        pattern (default), pattern:1280x720@30, rtp:0.0.0.0:5600 (a camera's H.264 RTP, passed
                         through without re-encoding), /dev/video0, rtsp://..., udp://..., file:video.mp4
  --gcs-video udp:IP:PORT  also send an rtp: camera's H.264 there, for QGroundControl's video (it listens on 5600)
  --max-bitrate <kbps>   WebRTC bitrate cap (default 1500)
  --playout-delay <ms>   how long phones buffer the drone video: 0 renders each frame at once (default),
                         up to 1000 smooths a jittery link; off leaves it to the browser
  --media-dir <dir>      where photos and recordings are kept (default .dronecast/media)
  --min-free-mb <n>      refuse captures, and stop a recording, below this much free disk (default 500)
  --ffmpeg <path>        the ffmpeg that records (H.264, libx264) and reads cameras (default ffmpeg, on PATH)
  --ffprobe <path>       the ffprobe that finishes recordings (default ffprobe, on PATH)
  --console-port <n>     the ground console page on http://127.0.0.1:<n>/ground, this machine only (default 8090; 0 = off)
  --console-token <tok>  console token printed by the SFU, for that page (prefer DRONECAST_CONSOLE_TOKEN)
${mqttBrokerUsage}
${configUsage('ground')}`;

const flags: FlagSpec = {
  sfu: { type: 'string' },
  token: { type: 'string' },
  'ca-cert': { type: 'string' },
  camera: { type: 'string' },
  drone: { type: 'string' },
  gcs: { type: 'string', multiple: true },
  'max-bitrate': { type: 'string' },
  'playout-delay': { type: 'string' },
  'gcs-video': { type: 'string' },
  'media-dir': { type: 'string' },
  'min-free-mb': { type: 'string' },
  ffmpeg: { type: 'string' },
  ffprobe: { type: 'string' },
  'console-port': { type: 'string' },
  'console-token': { type: 'string' },
  ...mqttBrokerFlags,
};

const schema = z
  .object({
    sfu: sfuUrlFlag(),
    token: accessTokenFlag(),
    'ca-cert': caCertFlag(),
    camera: z.string().min(1).default('pattern'),
    drone: z.string().min(3).optional(),
    gcs: z.array(z.string()).default([]),
    'max-bitrate': maxBitrateFlag(1500),
    'gcs-video': z
      .string()
      .transform((text, ctx) => {
        const match = /^udp:(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
        const host = match?.[1]?.replace(/^\[(.*)\]$/, '$1') ?? '';
        const port = Number(match?.[2]);
        if (!match || !isIP(host) || port < 1 || port > 65535) {
          ctx.addIssue({ code: 'custom', message: '--gcs-video must be udp:IP:PORT, e.g. udp:192.168.1.20:5600 (QGroundControl\'s video port)' });
          return z.NEVER;
        }
        return { host, port };
      })
      .optional(),
    'playout-delay': z.coerce
      .string()
      .default('0')
      .transform((text, ctx): number | 'off' => {
        if (text === 'off') return 'off';
        const ms = Number(text);
        if (text.trim() === '' || !Number.isInteger(ms)) ctx.addIssue({ code: 'custom', message: '--playout-delay must be a number of milliseconds or off' });
        else if (ms < 0 || ms > 1000) ctx.addIssue({ code: 'custom', message: '--playout-delay must be from 0 to 1000 ms, or off' });
        return ms;
      }),
    'media-dir': z.string().min(1).default(path.join(repoRoot, '.dronecast/media')),
    'min-free-mb': z.coerce
      .number({ error: '--min-free-mb must be a number (megabytes)' })
      .int('--min-free-mb must be a whole number')
      .min(0, '--min-free-mb must be 0 or more')
      .max(1_000_000, '--min-free-mb must be at most 1000000')
      .default(500),
    ffmpeg: z.string().min(1, '--ffmpeg must name a program, e.g. /usr/bin/ffmpeg').default('ffmpeg'),
    ffprobe: z.string().min(1, '--ffprobe must name a program, e.g. /usr/bin/ffprobe').default('ffprobe'),
    'console-port': z.coerce
      .number({ error: '--console-port must be a number (0 turns the console off)' })
      .int('--console-port must be a whole number')
      .min(0, '--console-port must be 0 (off) or a port from 1 to 65535')
      .max(65535, '--console-port must be 0 (off) or a port from 1 to 65535')
      .default(8090),
    'console-token': z.string().min(10, '--console-token is too short to be a token').optional(),
    ...mqttBrokerFlagSchema,
  })
  .transform((v, ctx) => {
    try {
      return { ...v, gcs: parseGroundStationSpecs(v.gcs, v.drone) };
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['gcs'], message: (error as Error).message });
      return z.NEVER;
    }
  });

export interface GroundConfig {
  sfuUrl: string;
  token: string;
  caCertPath: string;
  camera: string;
  /** undefined: run the vehicle simulator in-process. */
  drone: string | undefined;
  /** Ground stations the drone's MAVLink is routed to (--gcs); none: no routing, no camera component. */
  groundStations: GroundStationConnection[];
  maxBitrateKbps: number;
  /** Where an rtp: camera's H.264 also goes, for a ground control station's video; undefined: nowhere. */
  gcsVideo: { host: string; port: number } | undefined;
  /** The playout delay the drone video asks phones for; undefined: none asked. */
  playoutDelayMs: number | undefined;
  /** undefined: sockets-only mode. */
  mqttUrl: string | undefined;
  /** Photos and recordings (the gallery). */
  mediaDir: string;
  /** Below this much free disk, captures are refused and a recording stops. */
  minFreeBytes: number;
  /** The ffmpeg that records and reads cameras: a path, or a name looked up on the PATH. */
  ffmpegPath: string;
  /** The ffprobe that finishes recordings: a path, or a name looked up on the PATH. */
  ffprobePath: string;
  /** The ground console's loopback HTTP port; 0: no console. */
  consolePort: number;
  /** The console-role token the console page uses; undefined: the page says there is none. */
  consoleToken: string | undefined;
}

export function parseGroundConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): GroundConfig {
  const v = parseFlags(parseArgs, argv, flags, schema, groundUsage, nodeFlagSources('ground', env));
  const token = requireAccessToken(v.token, env, groundUsage);
  const consoleToken = v['console-token'] ?? (env.DRONECAST_CONSOLE_TOKEN?.trim() || undefined);
  return {
    sfuUrl: v.sfu,
    token,
    caCertPath: path.resolve(v['ca-cert']),
    camera: v.camera,
    drone: v.drone,
    groundStations: v.gcs,
    maxBitrateKbps: v['max-bitrate'],
    gcsVideo: v['gcs-video'],
    playoutDelayMs: v['playout-delay'] === 'off' ? undefined : v['playout-delay'],
    mqttUrl: brokerUrlFor(parseMqttBrokerChoice(v), v.sfu),
    mediaDir: path.resolve(v['media-dir']),
    minFreeBytes: v['min-free-mb'] * 1_000_000,
    ffmpegPath: v.ffmpeg,
    ffprobePath: v.ffprobe,
    consolePort: v['console-port'],
    consoleToken,
  };
}
