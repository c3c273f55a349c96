import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  accessTokenRefusals,
  decodeTokenBody,
  encodeTokenBody,
  ProtocolError,
  splitAccessToken,
  type Role,
  type TokenClaims,
} from '@dronecast/protocol';

export type { TokenClaims } from '@dronecast/protocol';

/**
 * Signs and verifies access tokens, whose format ("<base64url claims>.<base64url HMAC-SHA256>")
 * is the contract's (protocol/src/accessToken.ts); the secret never leaves the SFU. Tokens are
 * deterministic for a given secret, so the URLs printed at start-up stay valid when the server
 * restarts with the same secret.
 */
export class TokenIssuer {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
  }

  issue(role: Role, droneId: string, subject: string = role): string {
    const body = encodeTokenBody({ v: 1, role, drone: droneId, sub: subject });
    return `${body}.${this.sign(body)}`;
  }

  /** Throws ProtocolError UNAUTHENTICATED for anything not issued by this secret. */
  verify(token: unknown): TokenClaims {
    if (typeof token !== 'string' || token.length > 1024) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.missing);
    const parts = splitAccessToken(token);
    if (!parts) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.malformed);
    const expected = Buffer.from(this.sign(parts.body));
    const given = Buffer.from(parts.signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.notIssuedHere);
    }
    const decoded = decodeTokenBody(parts.body);
    if (!decoded.ok) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals[decoded.refusal]);
    return decoded.claims;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
