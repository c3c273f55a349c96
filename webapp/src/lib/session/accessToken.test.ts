import { describe, expect, it } from 'vitest';
import { accessTokenFromUrl, addressWithoutToken, forgetAccessToken, pageAccessToken } from './accessToken.ts';

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

describe('pageAccessToken', () => {
  function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
    const items = new Map<string, string>();
    return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
  }

  it("remembers the link's token and uses it when the page is reopened without one", () => {
    const storage = memoryStorage();
    expect(pageAccessToken('https://h:8443/', storage)).toBeNull();
    expect(pageAccessToken('https://h:8443/?token=first', storage)).toBe('first');
    expect(pageAccessToken('https://h:8443/', storage)).toBe('first');
    expect(pageAccessToken('https://h:8443/?token=second', storage)).toBe('second');
    expect(pageAccessToken('https://h:8443/', storage)).toBe('second');
  });

  it('works without storage, and with storage that throws', () => {
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(pageAccessToken('https://h/?token=t', null)).toBe('t');
    expect(pageAccessToken('https://h/?token=t', throwing)).toBe('t');
    expect(pageAccessToken('https://h/', throwing)).toBeNull();
  });
});

describe('forgetting the link', () => {
  it('forgets the remembered token, so the bare address has none again', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key) };
    pageAccessToken('https://h/?token=bad', storage);
    expect(pageAccessToken('https://h/', storage)).toBe('bad');
    forgetAccessToken(storage);
    expect(pageAccessToken('https://h/', storage)).toBeNull();
    expect(() => forgetAccessToken({ removeItem: () => { throw new Error('denied'); } })).not.toThrow();
    expect(() => forgetAccessToken(null)).not.toThrow();
  });

  it("takes only the token out of the page's address", () => {
    expect(addressWithoutToken('https://h:8443/?token=abc.def')).toBe('https://h:8443/');
    expect(addressWithoutToken('https://h:8443/?token=abc&transport=mqtt')).toBe('https://h:8443/?transport=mqtt');
  });
});
