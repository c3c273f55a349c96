import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, UsageError } from '@dronecast/runtime';
import { startRedisServer, type RedisServer } from '../testing/redisServer.ts';
import { connectRedis, redactedRedisUrl } from './connectRedis.ts';

// A real redis-server with requirepass, as the README asks of the one the SFU hosts share.
let redis: RedisServer;
const logger = createLogger('test');

beforeAll(async () => {
  redis = await startRedisServer({ password: 'correct horse' });
});
afterAll(async () => {
  await redis?.stop();
});

async function refusal(url: string): Promise<string> {
  const error = await connectRedis(url, logger, 5000).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe('connectRedis: Redis with a password', () => {
  it('connects with the password the URL carries', async () => {
    const { pub, sub } = await connectRedis(redis.url, logger, 5000);
    expect(await pub.ping()).toBe('PONG');
    await Promise.all([pub.quit(), sub.quit()]);
  });

  it('says the password is wrong at once, without printing it', async () => {
    const started = Date.now();
    const message = await refusal(`redis://:not-it@127.0.0.1:${redis.port}`);
    expect(message).toBe(`Redis at redis://:***@127.0.0.1:${redis.port} refused the password in --redis-url`);
    // Not the 5 s timeout: node-redis would retry a wrong password forever.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('says a password is needed when the URL has none', async () => {
    expect(await refusal(`redis://127.0.0.1:${redis.port}`)).toBe(`Redis at redis://127.0.0.1:${redis.port} requires a password: --redis-url redis://:PASSWORD@host:port`);
  });

  it('redacts user and password from what it prints', () => {
    expect(redactedRedisUrl('rediss://user:pw@cache.example:6380/0')).toBe('rediss://***:***@cache.example:6380/0');
    expect(redactedRedisUrl('not a url')).toBe('(an unreadable --redis-url)');
  });
});
