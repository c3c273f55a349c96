import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenIssuer } from '@dronecast/sfu/testing';
import { droneIdFromToken } from './droneIdFromToken.ts';

describe('droneIdFromToken', () => {
  it("reads the drone from an SFU-issued token's claims", () => {
    expect(droneIdFromToken(new TokenIssuer(randomBytes(32)).issue('ground', 'kite-2'))).toBe('kite-2');
  });

  it('gives undefined for anything else', () => {
    for (const token of ['', 'garbage', 'bm90IGpzb24.sig', `${Buffer.from('{"drone":"Bad Id"}').toString('base64url')}.sig`]) {
      expect(droneIdFromToken(token)).toBeUndefined();
    }
  });
});
