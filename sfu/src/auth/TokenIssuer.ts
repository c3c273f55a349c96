import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { accessTokenRefusals, droneIdSchema, ProtocolError, roleSchema, type Role } from '@dronecast/protocol';

const claimsSchema = z.strictObject({
  v: z.literal(1),
  role: roleSchema,
  drone: droneIdSchema,
  sub: z.string().min(1).max(64),
});
export type TokenClaims = z.infer<typeof claimsSchema>;

/**
 * Tokens are "<base64url claims>.<base64url HMAC-SHA256>". They are deterministic for a given
 * secret, so the URLs printed at start-up stay valid when the server restarts with the same secret.
 */
export class TokenIssuer {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
  }

  issue(role: Role, droneId: string, subject: string = role): string {
    const claims: TokenClaims = { v: 1, role, drone: droneId, sub: subject };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Throws ProtocolError UNAUTHENTICATED for anything not issued by this secret. */
  verify(token: unknown): TokenClaims {
    if (typeof token !== 'string' || token.length > 1024) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.missing);
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.malformed);
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.notIssuedHere);
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.malformed);
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) throw new ProtocolError('UNAUTHENTICATED', accessTokenRefusals.unknownClaims);
    return claims.data;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
