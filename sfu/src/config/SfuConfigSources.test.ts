import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseSfuConfig } from './SfuConfig.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-sfu-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'dronecast.json');

describe('SFU settings from the file and the environment', () => {
  it('reads the sfu section, the environment over it and flags over both', () => {
    fs.writeFileSync(file, JSON.stringify({ sfu: { port: 9443, workers: 2, 'drone-id': 'kite-2', 'metrics-token': 'sixteen-chars-token' }, ground: { camera: 'x' } }));
    const config = parseSfuConfig(['--config', file, '--workers', '1'], { DRONECAST_PORT: '9444' });
    expect(config).toMatchObject({ port: 9444, workers: 1, droneId: 'kite-2', metricsToken: 'sixteen-chars-token' });
  });

  it('says which file and key hold a bad value', () => {
    fs.writeFileSync(file, JSON.stringify({ sfu: { port: 70000 } }));
    expect(usageErrorOf(() => parseSfuConfig(['--config', file], {}))).toMatch(`${file}: sfu.port must be 1-65535`);
    expect(usageErrorOf(() => parseSfuConfig([], { DRONECAST_METRICS_TOKEN: 'short' }))).toMatch(/^DRONECAST_METRICS_TOKEN must be at least 16 characters/);
  });
});
