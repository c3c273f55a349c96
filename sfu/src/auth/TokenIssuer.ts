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
  /** Revoked people's links (by subject); set once the link book is loaded. */
  isRevoked: (subject: string) => boolean = () => false;

  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
  }

  /** `exp` (epoch seconds) and `name`: a link that expires, made for someone. */
  issue(role: Role, droneId: string, subject: string = role, person: { exp?: number; name?: string } = {}): string {
    const body = encodeTokenBody({ v: 1, role, drone: droneId, sub: subject, ...person });
    return `${body}.${this.sign(body)}`;
  }

  /** Throws ProtocolError UNAUTHENTICATED for anything not issued by this secret, expired or revoked. */
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
    const { claims } = decoded;
    if (claims.exp !== undefined && claims.exp * 1000 <= this.now()) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.expired);
    if (this.isRevoked(claims.sub)) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.revoked);
    return claims;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
