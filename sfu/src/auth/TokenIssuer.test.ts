import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@dronecast/protocol';
import { TokenIssuer } from './TokenIssuer.ts';

const secret = randomBytes(32);
const issuer = new TokenIssuer(secret);

function refusedWith(token: unknown): string {
  try {
    issuer.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('UNAUTHENTICATED');
    return (error as ProtocolError).message;
  }
  throw new Error('token was accepted');
}

describe('TokenIssuer', () => {
  it('issues tokens that carry their role and drone', () => {
    for (const role of ['ground', 'pilot', 'viewer', 'processing'] as const) {
      expect(issuer.verify(issuer.issue(role, 'drone1'))).toMatchObject({ role, drone: 'drone1' });
    }
  });

  it('issues the same token for the same secret, so printed URLs survive a restart', () => {
    const again = new TokenIssuer(Buffer.from(secret));
    expect(again.issue('pilot', 'drone1')).toBe(issuer.issue('pilot', 'drone1'));
  });

  it('refuses a viewer token promoted to pilot by editing its claims', () => {
    const [, signature] = issuer.issue('viewer', 'drone1').split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ v: 1, role: 'pilot', drone: 'drone1', sub: 'viewer' })).toString('base64url');
    expect(refusedWith(`${forgedClaims}.${signature}`)).toMatch(/not issued by this server/);
  });

  it('refuses tokens from another secret', () => {
    const other = new TokenIssuer(randomBytes(32));
    expect(refusedWith(other.issue('ground', 'drone1'))).toMatch(/not issued by this server/);
  });

  it('refuses missing and malformed tokens', () => {
    expect(refusedWith(undefined)).toMatch(/missing/);
    expect(refusedWith('')).toMatch(/malformed|missing/);
    expect(refusedWith('a.b.c')).toMatch(/malformed/);
    expect(refusedWith('x'.repeat(5000))).toMatch(/malformed/);
    expect(refusedWith({ token: 1 })).toMatch(/missing or malformed/);
  });

  it('refuses short secrets', () => {
    expect(() => new TokenIssuer(Buffer.alloc(8))).toThrow(/32 bytes/);
  });
});
