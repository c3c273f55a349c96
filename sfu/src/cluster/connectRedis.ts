import { createClient } from 'redis';
import type { Logger } from '@dronecast/protocol';
import { UsageError } from '@dronecast/runtime';

export type RedisClient = ReturnType<typeof createClient>;

/** The URL as it may be printed: the password (and user name) replaced, so logs never carry it. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable --redis-url)';
  }
}

/**
 * The publish and subscribe connections the Redis adapter needs, or a UsageError that says
 * what is wrong: unreachable, a wrong password (node-redis would retry it forever) or none
 * where the server requires one (node-redis connects, then every command fails).
 */
export async function connectRedis(url: string, logger: Logger, timeoutMs: number): Promise<{ pub: RedisClient; sub: RedisClient }> {
  const where = redactedRedisUrl(url);
  const pub = createClient({ url });
  const sub = pub.duplicate();
  let refused: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    refused = reject;
    setTimeout(() => reject(new UsageError(`cannot reach Redis at ${where} (--redis-url)`)), timeoutMs).unref();
  });
  for (const client of [pub, sub]) {
    client.on('error', (error: Error) => {
      if (/WRONGPASS|invalid username-password/i.test(error.message)) refused(new UsageError(`Redis at ${where} refused the password in --redis-url`));
      else logger.warn('redis', { error: error.message });
    });
  }
  try {
    await Promise.race([Promise.all([pub.connect(), sub.connect()]), failed]);
    await Promise.race([pub.ping(), failed]).catch((error: Error) => {
      if (error instanceof UsageError) throw error;
      if (/NOAUTH/i.test(error.message)) throw new UsageError(`Redis at ${where} requires a password: --redis-url redis://:PASSWORD@host:port`);
      throw new UsageError(`Redis at ${where} did not answer: ${error.message}`);
    });
  } catch (error) {
    pub.destroy();
    sub.destroy();
    throw error;
  }
  return { pub, sub };
}
