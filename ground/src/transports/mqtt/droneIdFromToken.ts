import { unverifiedTokenClaims } from '@dronecast/protocol';

/**
 * The drone a ground token is for, read from the token's claims without checking its signature
 * (only the SFU holds the secret; the broker checks it). It names the MQTT topics, so MQTT can
 * start before, or without, the SFU's welcome. undefined if the token is not of that form.
 */
export function droneIdFromToken(token: string): string | undefined {
  return unverifiedTokenClaims(token)?.drone;
}
