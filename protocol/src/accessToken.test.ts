import { describe, expect, it } from 'vitest';
import { decodeTokenBody, encodeTokenBody, splitAccessToken, unverifiedTokenClaims, type TokenClaims } from './accessToken.ts';

const claims: TokenClaims = { v: 1, role: 'ground', drone: 'kite-2', sub: 'ground' };

describe('the access token format', () => {
  it("encodes the body exactly as the SFU always has (Node's base64url), so issued URLs stay valid", () => {
    for (const c of [claims, { ...claims, sub: 'Jürgen’s phone ✈' }, { ...claims, sub: 'a?b>c~' }]) {
      expect(encodeTokenBody(c)).toBe(Buffer.from(JSON.stringify(c)).toString('base64url'));
    }
  });

  it('decodes what it encodes, and tells malformed bodies from unknown claims', () => {
    const unicode = { ...claims, sub: 'Jürgen’s phone ✈' };
    expect(decodeTokenBody(encodeTokenBody(unicode))).toEqual({ ok: true, claims: unicode });
    expect(decodeTokenBody('not base64 at all!')).toEqual({ ok: false, refusal: 'malformed' });
    expect(decodeTokenBody(Buffer.from('{"v":1').toString('base64url'))).toEqual({ ok: false, refusal: 'malformed' });
    expect(decodeTokenBody(Buffer.from(JSON.stringify({ ...claims, admin: true })).toString('base64url'))).toEqual({ ok: false, refusal: 'unknownClaims' });
  });

  it('splits a token into body and signature only when it has exactly those two parts', () => {
    expect(splitAccessToken('body.sig')).toEqual({ body: 'body', signature: 'sig' });
    for (const token of ['', 'body', 'body.', '.sig', 'a.b.c']) expect(splitAccessToken(token)).toBeUndefined();
  });

  it('reads the claims without the secret, and nothing from anything else', () => {
    expect(unverifiedTokenClaims(`${encodeTokenBody(claims)}.any-signature`)).toEqual(claims);
    for (const token of ['', 'garbage', 'bm90IGpzb24.sig', `${Buffer.from('{"drone":"Bad Id"}').toString('base64url')}.sig`]) {
      expect(unverifiedTokenClaims(token)).toBeUndefined();
    }
  });
});
