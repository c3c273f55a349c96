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
  const tokenOf = (url: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string | null => pageAccessToken(url, storage).token;

  it("remembers the link's token and uses it when the page is reopened without one", () => {
    const storage = memoryStorage();
    expect(tokenOf('https://h:8443/', storage)).toBeNull();
    expect(tokenOf('https://h:8443/?token=first', storage)).toBe('first');
    expect(tokenOf('https://h:8443/', storage)).toBe('first');
    expect(tokenOf('https://h:8443/?token=second', storage)).toBe('second');
    expect(tokenOf('https://h:8443/', storage)).toBe('second');
  });

  it('works without storage, and with storage that throws', () => {
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(tokenOf('https://h/?token=t', null)).toBe('t');
    expect(tokenOf('https://h/?token=t', throwing)).toBe('t');
    expect(tokenOf('https://h/', throwing)).toBeNull();
  });
});

describe("the token in the page's address", () => {
  it('is taken out once remembered, keeping the rest of the address', () => {
    const storage = new Map<string, string>();
    const remembering = { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) };
    expect(pageAccessToken('https://h:8443/?token=abc.def&transport=mqtt#x', remembering)).toEqual({
      token: 'abc.def',
      addressWithoutToken: 'https://h:8443/?transport=mqtt#x',
    });
    // The reload, at the tidied address, opens with the remembered token.
    expect(pageAccessToken('https://h:8443/?transport=mqtt#x', remembering)).toEqual({ token: 'abc.def', addressWithoutToken: null });
  });

  it('stays when it could not be remembered (private mode), or else a reload would lose access', () => {
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(pageAccessToken('https://h/?token=t', throwing)).toEqual({ token: 't', addressWithoutToken: null });
    expect(pageAccessToken('https://h/?token=t', null)).toEqual({ token: 't', addressWithoutToken: null });
    // A storage that takes the write and then drops it.
    const forgetful = { getItem: () => null, setItem: () => {} };
    expect(pageAccessToken('https://h/?token=t', forgetful)).toEqual({ token: 't', addressWithoutToken: null });
  });

  it('is left alone when the link has none', () => {
    expect(pageAccessToken('https://h/?transport=mqtt', { getItem: () => 'remembered', setItem: () => {} })).toEqual({ token: 'remembered', addressWithoutToken: null });
  });
});

describe('forgetting the link', () => {
  it('forgets the remembered token, so the bare address has none again', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key) };
    pageAccessToken('https://h/?token=bad', storage);
    expect(pageAccessToken('https://h/', storage).token).toBe('bad');
    forgetAccessToken(storage);
    expect(pageAccessToken('https://h/', storage).token).toBeNull();
    expect(() => forgetAccessToken({ removeItem: () => { throw new Error('denied'); } })).not.toThrow();
    expect(() => forgetAccessToken(null)).not.toThrow();
  });

  it("takes only the token out of the page's address", () => {
    expect(addressWithoutToken('https://h:8443/?token=abc.def')).toBe('https://h:8443/');
    expect(addressWithoutToken('https://h:8443/?token=abc&transport=mqtt')).toBe('https://h:8443/?transport=mqtt');
  });
});
