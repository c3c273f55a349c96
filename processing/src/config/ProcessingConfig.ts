import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { configUsage, parseFlags, UsageError, type FlagSpec } from '@dronecast/protocol';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const processingUsage = `Usage: dronecast-processing [flags]   (the access token comes from DRONECAST_TOKEN or --token)
  --sfu <url>            the SFU whose phone cameras to process (default https://127.0.0.1:8443)
  --token <token>        processing token printed by the SFU (prefer the DRONECAST_TOKEN environment variable)
  --ca-cert <file>       CA that signed the SFU's certificate (default certs/out/ca.pem)
  --max-bitrate <kbps>   WebRTC bitrate cap of the processed video (default 1200)
${configUsage('processing')}`;

const flags: FlagSpec = {
  sfu: { type: 'string' },
  token: { type: 'string' },
  'ca-cert': { type: 'string' },
  'max-bitrate': { type: 'string' },
};

const schema = z.object({
  sfu: z.url({ protocol: /^https?$/, error: '--sfu must be an http(s) URL such as https://127.0.0.1:8443' }).default('https://127.0.0.1:8443'),
  token: z.string().min(10).optional(),
  'ca-cert': z.string().default(path.join(repoRoot, 'certs/out/ca.pem')),
  'max-bitrate': z.coerce
    .number({ error: '--max-bitrate must be a number (kbit/s)' })
    .int()
    .min(100, '--max-bitrate must be at least 100 kbit/s')
    .max(20000, '--max-bitrate must be at most 20000 kbit/s')
    .default(1200),
});

export interface ProcessingConfig {
  sfuUrl: string;
  token: string;
  caCertPath: string;
  maxBitrateKbps: number;
}


export function parseProcessingConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ProcessingConfig {
  const v = parseFlags(parseArgs, argv, flags, schema, processingUsage, { section: 'processing', env, readFile: (file) => fs.readFileSync(file, 'utf8') });
  const token = v.token ?? env.DRONECAST_TOKEN;
  if (!token) throw new UsageError(`no access token: set DRONECAST_TOKEN or pass --token\n\n${processingUsage}`);
  return { sfuUrl: v.sfu, token, caCertPath: path.resolve(v['ca-cert']), maxBitrateKbps: v['max-bitrate'] };
}
