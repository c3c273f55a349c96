import { droneIdSchema } from '@dronecast/protocol';

/**
 * The drone a ground token is for, read from the token's claims without checking its signature
 * (only the SFU holds the secret; the broker checks it). It names the MQTT topics, so MQTT can
 * start before, or without, the SFU's welcome. undefined if the token is not of that form.
 */
export function droneIdFromToken(token: string): string | undefined {
  const [body] = token.split('.');
  if (!body) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const drone = typeof claims === 'object' && claims !== null ? (claims as { drone?: unknown }).drone : undefined;
    const parsed = droneIdSchema.safeParse(drone);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
