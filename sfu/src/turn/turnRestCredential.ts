import { createHmac } from 'node:crypto';

export interface TurnRestCredential {
  /** `<expiry unix seconds>:<holder>`: coturn reads the expiry from the name itself. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)): coturn recomputes it from its static-auth-secret. */
  credential: string;
  /** When coturn stops accepting it, ms since the epoch. */
  expiresAt: number;
}

/**
 * A TURN credential in the "TURN REST API" shared-secret scheme (coturn's use-auth-secret):
 * the SFU and coturn share only the secret, so no per-user state is kept anywhere and a leaked
 * credential dies at its expiry.
 */
export function turnRestCredential(secret: string, holder: string, nowMs: number, ttlSeconds: number): TurnRestCredential {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${holder}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64'), expiresAt: expiry * 1000 };
}
