import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  accessTokenFlag,
  caCertFlag,
  configUsage,
  maxBitrateFlag,
  nodeFlagSources,
  parseFlags,
  requireAccessToken,
  sfuUrlFlag,
  type FlagSpec,
} from '@dronecast/runtime';

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
  sfu: sfuUrlFlag(),
  token: accessTokenFlag(),
  'ca-cert': caCertFlag(),
  'max-bitrate': maxBitrateFlag(1200),
});

export interface ProcessingConfig {
  sfuUrl: string;
  token: string;
  caCertPath: string;
  maxBitrateKbps: number;
}

export function parseProcessingConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ProcessingConfig {
  const v = parseFlags(parseArgs, argv, flags, schema, processingUsage, nodeFlagSources('processing', env));
  const token = requireAccessToken(v.token, env, processingUsage);
  return { sfuUrl: v.sfu, token, caCertPath: path.resolve(v['ca-cert']), maxBitrateKbps: v['max-bitrate'] };
}
