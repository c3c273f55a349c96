import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseProcessingConfig } from './ProcessingConfig.ts';

describe('parseProcessingConfig', () => {
  it('takes the token from the environment and defaults the rest', () => {
    const config = parseProcessingConfig([], { DRONECAST_TOKEN: 'a-long-enough-token' });
    expect(config).toMatchObject({ sfuUrl: 'https://127.0.0.1:8443', token: 'a-long-enough-token', maxBitrateKbps: 1200 });
  });

  it('refuses a missing token, a bad URL, an unknown flag and a bad bitrate, with the usage', () => {
    expect(usageErrorOf(() => parseProcessingConfig([], {}))).toMatch(/no access token/);
    expect(usageErrorOf(() => parseProcessingConfig(['--sfu', 'ftp://x'], { DRONECAST_TOKEN: 'a-long-enough-token' }))).toMatch(/--sfu must be/);
    expect(usageErrorOf(() => parseProcessingConfig(['--bogus'], { DRONECAST_TOKEN: 'a-long-enough-token' }))).toMatch(/bogus/);
    expect(usageErrorOf(() => parseProcessingConfig(['--max-bitrate', '5'], { DRONECAST_TOKEN: 'a-long-enough-token' }))).toMatch(/at least 100/);
  });
});
