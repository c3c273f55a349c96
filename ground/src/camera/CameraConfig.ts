import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { integerFlag, parseFlags, switchFlag, type FlagSpec } from '@dronecast/runtime';
import type { VideoFormat } from '../video/VideoFrame.ts';
import { parseSourceSpec } from '../video/sources/parseSourceSpec.ts';
import { defaultVideoFormat } from '../video/sources/videoFormatRules.ts';
import { cameraContainers } from './h264RtpArgs.ts';

export const cameraUsage = `Usage: npm run camera -- [flags]
  A simulated drone camera, as a companion computer sends one: the stamped test pattern as H.264
  over RTP, or in MPEG-TS over UDP (libx264, zero latency, no B-frames, SPS/PPS before every keyframe).
  --to udp:HOST:PORT        where to send it (default udp:127.0.0.1:5600, QGroundControl's port)
  --container rtp|mpegts    rtp (default): H.264 RTP, for the ground agent's --camera rtp:IP:PORT (passed through);
                            mpegts: the same H.264 in MPEG-TS over UDP, read without an SDP by ffmpeg or VLC,
                            for the ground agent's --camera udp://IP:PORT (decoded and re-encoded)
  --pattern WxH[@FPS]       picture size and frame rate (default 640x480@30)
  --gop <s>                 seconds between keyframes (default 1)
  --bitrate <kbit/s>        target bitrate (default 2000)
  --sdp-file <path>         rtp only: also write the stream's SDP there (for ffplay/ffprobe/VLC)
  --rtsp <port>             serve it over RTSP instead, at rtsp://127.0.0.1:PORT/live (GStreamer's RTSP
                            server, as companion computers run it), for the ground agent's --camera rtsp://...
  --ffmpeg <path>           the ffmpeg binary (default ffmpeg on PATH)
  --help`;

const flags: FlagSpec = {
  to: { type: 'string' },
  container: { type: 'string' },
  pattern: { type: 'string' },
  gop: { type: 'string' },
  bitrate: { type: 'string' },
  'sdp-file': { type: 'string' },
  rtsp: { type: 'string' },
  ffmpeg: { type: 'string' },
  help: { type: 'boolean' },
};

const destination = z.string().transform((text, ctx) => {
  const match = /^udp:(.+):(\d{1,5})$/.exec(text);
  const host = match?.[1]?.replace(/^\[(.*)\]$/, '$1');
  const port = Number(match?.[2]);
  if (!match || !host || !isIP(host) || port < 1 || port > 65535) {
    ctx.addIssue({ code: 'custom', message: '--to must be udp:IP:PORT, e.g. udp:127.0.0.1:5600' });
    return z.NEVER;
  }
  return { host, port };
});

const pattern = z.string().transform((text, ctx): VideoFormat => {
  try {
    const spec = parseSourceSpec(`pattern:${text}`);
    if (spec.kind === 'pattern' && spec.format) return spec.format;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `--pattern: ${(error as Error).message}` });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: '--pattern must be WIDTHxHEIGHT or WIDTHxHEIGHT@FPS' });
  return z.NEVER;
});

const schema = z
  .object({
    to: destination.optional(),
    container: z.enum(cameraContainers, { error: `--container must be one of ${cameraContainers.join(', ')}` }).default('rtp'),
    pattern: pattern.default({ ...defaultVideoFormat }),
    gop: z.coerce.number({ error: '--gop must be a number of seconds' }).min(0.1, '--gop must be at least 0.1 s').max(10, '--gop must be at most 10 s').default(1),
    bitrate: integerFlag('bitrate', 100, 50_000).default(2000),
    'sdp-file': z.string().min(1).optional(),
    rtsp: integerFlag('rtsp', 1, 65535).optional(),
    ffmpeg: z.string().min(1).default('ffmpeg'),
    help: switchFlag(),
  })
  .refine((v) => v.container === 'rtp' || v['sdp-file'] === undefined, {
    message: '--sdp-file describes RTP only; an MPEG-TS stream carries its own description',
    path: ['sdp-file'],
  })
  .refine((v) => v.rtsp === undefined || (v.to === undefined && v.container === 'rtp' && v['sdp-file'] === undefined), {
    message: '--rtsp serves the camera itself (H.264 RTP to its RTSP server): it takes no --to, --container mpegts or --sdp-file',
    path: ['rtsp'],
  })
  .transform((v) => ({
    to: v.to ?? { host: '127.0.0.1', port: 5600 },
    rtspPort: v.rtsp,
    container: v.container,
    format: v.pattern,
    gopSeconds: v.gop,
    bitrateKbps: v.bitrate,
    sdpFile: v['sdp-file'],
    ffmpeg: v.ffmpeg,
    help: v.help,
  }));

export type CameraConfig = z.output<typeof schema>;

export function parseCameraConfig(argv: string[]): CameraConfig {
  return parseFlags(parseArgs, argv, flags, schema, cameraUsage);
}
