import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '@dronecast/runtime';
import { parseSfuConfig } from '../config/SfuConfig.ts';

describe('SFU scaling flags', () => {
  it('spreads a drone past 300 consumers per router unless told otherwise', () => {
    expect(parseSfuConfig([]).consumersPerRouter).toBe(300);
    expect(parseSfuConfig(['--consumers-per-router', '2']).consumersPerRouter).toBe(2);
    expect(usageErrorOf(() => parseSfuConfig(['--consumers-per-router', '0']))).toContain('--consumers-per-router must be at least 1');
    expect(usageErrorOf(() => parseSfuConfig(['--consumers-per-router', 'lots']))).toContain('--consumers-per-router must be a number');
  });

  it('is a single host without --redis-url, and one of several with it', () => {
    expect(parseSfuConfig([]).cluster).toBeUndefined();
    expect(parseSfuConfig(['--redis-url', 'redis://127.0.0.1:6379']).cluster).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      pipeListenIp: '127.0.0.1',
      pipeAnnouncedAddress: '127.0.0.1',
    });
    expect(
      parseSfuConfig(['--redis-url', 'redis://10.0.0.5:6379', '--pipe-listen-ip', '0.0.0.0', '--pipe-announced-address', '10.0.0.7']).cluster,
    ).toEqual({ redisUrl: 'redis://10.0.0.5:6379', pipeListenIp: '0.0.0.0', pipeAnnouncedAddress: '10.0.0.7' });
  });

  it('refuses a Redis address that is not a redis:// URL and a pipe address that is not an IP', () => {
    expect(usageErrorOf(() => parseSfuConfig(['--redis-url', 'localhost:6379']))).toContain('--redis-url');
    expect(usageErrorOf(() => parseSfuConfig(['--redis-url', 'redis://h:1', '--pipe-listen-ip', 'eth0']))).toContain('expected an IP address');
  });
});
