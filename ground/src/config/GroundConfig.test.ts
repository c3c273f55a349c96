import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/protocol';
import { parseGroundConfig } from './GroundConfig.ts';

function usageError(argv: string[], env: NodeJS.ProcessEnv = { DRONECAST_TOKEN: 'a-long-enough-token' }): string {
  return usageErrorOf(() => parseGroundConfig(argv, env));
}

describe('ground agent configuration', () => {
  it('takes the token from the environment, so it never shows in ps', () => {
    const config = parseGroundConfig([], { DRONECAST_TOKEN: 'token-from-env' });
    expect(config).toMatchObject({ token: 'token-from-env', sfuUrl: 'https://127.0.0.1:8443', camera: 'pattern', maxBitrateKbps: 1500 });
  });

  it('says how to give a token when there is none', () => {
    expect(usageError([], {})).toMatch(/no access token: set DRONECAST_TOKEN or pass --token/);
  });

  it('explains bad values', () => {
    expect(usageError(['--sfu', 'ftp://x'])).toMatch(/--sfu must be an http\(s\) URL/);
    expect(usageError(['--max-bitrate', '5'])).toMatch(/at least 100 kbit\/s/);
    expect(usageError(['--max-bitrate', 'fast'])).toMatch(/must be a number/);
    expect(usageError(['--camara', 'pattern'])).toMatch(/Unknown option '--camara'[\s\S]*Usage: dronecast-ground/);
  });
});
