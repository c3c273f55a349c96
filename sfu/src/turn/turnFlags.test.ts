import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseSfuConfig } from '../config/SfuConfig.ts';
import { turnSettings, turnUrlProblem } from './turnFlags.ts';

const url = 'turn:127.0.0.1:3478?transport=udp';

describe('SFU TURN flags', () => {
  it('leaves TURN off without --turn-url', () => {
    expect(parseSfuConfig([]).turn).toBeUndefined();
  });

  it('takes repeated flags and comma lists, with the secret file and a TTL', () => {
    const config = parseSfuConfig([
      '--turn-url', `${url}, turn:127.0.0.1:3478?transport=tcp`,
      '--turn-url', 'turns:turn.example.com:5349?transport=tcp',
      '--turn-secret-file', '/run/secrets/turn',
      '--turn-ttl', '900',
    ]);
    expect(config.turn).toEqual({
      urls: [url, 'turn:127.0.0.1:3478?transport=tcp', 'turns:turn.example.com:5349?transport=tcp'],
      secretFile: '/run/secrets/turn',
      ttlSeconds: 900,
    });
    expect(parseSfuConfig(['--turn-url', url, '--turn-secret-file', 's']).turn?.ttlSeconds).toBe(3600);
  });

  it('explains what is wrong, with the usage', () => {
    const error = (argv: string[]) => usageErrorOf(() => parseSfuConfig(argv));
    expect(error(['--turn-url', 'stun:127.0.0.1:3478', '--turn-secret-file', 's'])).toMatch(
      /turn-url: "stun:127.0.0.1:3478": expected turn:HOST:PORT\?transport=udp[\s\S]*Usage: dronecast-sfu/,
    );
    expect(error(['--turn-url', 'turn:127.0.0.1:99999', '--turn-secret-file', 's'])).toMatch(/port must be 1-65535/);
    expect(error(['--turn-url', 'turns:h:5349?transport=udp', '--turn-secret-file', 's'])).toMatch(/turns: is TLS over TCP/);
    expect(error(['--turn-secret-file', 's'])).toMatch(/turn-secret-file: given without --turn-url/);
    expect(error(['--turn-url', url, '--turn-secret-file', 's', '--turn-ttl', '5'])).toMatch(/--turn-ttl must be at least 60 seconds/);
    expect(error(['--turn-url', url, '--turn-secret-file', 's', '--turn-ttl', 'soon'])).toMatch(/--turn-ttl must be a number of seconds/);
  });

  it('needs the secret from a file or the environment', () => {
    const problems: string[] = [];
    const report = (flag: string, message: string) => problems.push(`${flag}: ${message}`);
    expect(turnSettings({ 'turn-url': [url], 'turn-ttl': 3600 }, {}, report)).toBeUndefined();
    expect(problems).toEqual(['turn-url: needs the shared secret: --turn-secret-file <file> or the DRONECAST_TURN_SECRET environment variable']);
    expect(turnSettings({ 'turn-url': [url], 'turn-ttl': 3600 }, { DRONECAST_TURN_SECRET: 'x'.repeat(32) }, report)).toEqual({
      urls: [url],
      secretFile: undefined,
      ttlSeconds: 3600,
    });
    expect(problems).toHaveLength(1);
  });

  it('accepts the URL forms browsers take', () => {
    for (const ok of ['turn:turn.example.com', 'turn:10.0.0.2:3478', 'turn:[::1]:3478?transport=tcp', 'turns:relay.example.org:443?transport=tcp']) {
      expect(turnUrlProblem(ok)).toBeUndefined();
    }
    for (const bad of ['turn:', 'http://turn.example.com', 'turn:host:3478?transport=sctp', 'turn:user@host:3478']) {
      expect(turnUrlProblem(bad)).toBeDefined();
    }
  });
});
