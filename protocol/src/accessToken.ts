import { z } from 'zod';
import { base64urlFromText, textFromBase64url } from './base64url.ts';
import { droneIdSchema, roleSchema } from './roles.ts';

/**
 * Why the SFU refuses an access token, word for word: the SFU sends these as its refusal, and
 * the phone page tells from them which plain-words screen to show.
 */
export const accessTokenRefusals = {
  missing: 'missing or malformed access token',
  malformed: 'malformed access token',
  /** A forged token, or one signed with another server's (or an older) secret: "expired". */
  notIssuedHere: 'access token not issued by this server (forged, or from an older secret)',
  unknownClaims: 'access token has unknown claims',
  /** A person's link past its expiry. */
  expired: 'this access link has expired',
  /** A person's link the ground station revoked. */
  revoked: 'this access link was revoked by the ground station',
} as const;

/**
 * What an access token says: its format version, the role, the drone, and who holds it. A
 * person's link (see accessLinks.ts) also carries its expiry (`exp`, epoch seconds) and name.
 */
export const tokenClaimsSchema = z.strictObject({
  v: z.literal(1),
  role: roleSchema,
  drone: droneIdSchema,
  sub: z.string().min(1).max(64),
  exp: z.number().int().positive().optional(),
  name: z.string().min(1).max(64).optional(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

/*
 * An access token is "<body>.<signature>": the body is base64url(JSON(claims)), the signature
 * base64url(HMAC-SHA256(secret, body)). Only the SFU holds the secret, so only it signs and
 * verifies (sfu/src/auth/TokenIssuer.ts); anyone holding a token can read its body.
 */

/** The body of a token carrying these claims. */
export function encodeTokenBody(claims: TokenClaims): string {
  return base64urlFromText(JSON.stringify(claims));
}

/** A token's two parts, or undefined when it is not "<body>.<signature>". */
export function splitAccessToken(token: string): { body: string; signature: string } | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  return { body, signature };
}

export type DecodedTokenBody = { ok: true; claims: TokenClaims } | { ok: false; refusal: 'malformed' | 'unknownClaims' };

/** The claims in a token's body, or which refusal fits: not base64url JSON (malformed), or not these claims. */
export function decodeTokenBody(body: string): DecodedTokenBody {
  let decoded: unknown;
  try {
    decoded = JSON.parse(textFromBase64url(body));
  } catch {
    return { ok: false, refusal: 'malformed' };
  }
  const claims = tokenClaimsSchema.safeParse(decoded);
  return claims.success ? { ok: true, claims: claims.data } : { ok: false, refusal: 'unknownClaims' };
}

/**
 * A token's claims read without checking its signature, or undefined when it is not a token of
 * this format. Good for naming things (the ground agent's MQTT topics) before the SFU has
 * answered; never for deciding what the holder may do.
 */
export function unverifiedTokenClaims(token: string): TokenClaims | undefined {
  const parts = splitAccessToken(token);
  if (!parts) return undefined;
  const decoded = decodeTokenBody(parts.body);
  return decoded.ok ? decoded.claims : undefined;
}
