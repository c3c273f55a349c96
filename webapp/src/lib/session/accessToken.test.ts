import { describe, expect, it } from 'vitest';
import { accessTokenFromUrl } from './accessToken.ts';

describe('accessTokenFromUrl', () => {
  it('reads the token the ground station put in the link', () => {
    expect(accessTokenFromUrl('https://192.168.1.5:8443/?token=abc.def')).toBe('abc.def');
  });

  it('treats a missing or blank token as none', () => {
    expect(accessTokenFromUrl('https://192.168.1.5:8443/')).toBeNull();
    expect(accessTokenFromUrl('https://192.168.1.5:8443/?token=')).toBeNull();
    expect(accessTokenFromUrl('https://192.168.1.5:8443/?token=%20')).toBeNull();
  });
});
