import { describe, expect, it } from 'vitest';
import { isShellCacheName, shellCacheName, shellPaths, shellRoute, type AppShell } from './AppShell.ts';

const origin = 'https://192.168.1.5:8443';
const shell: AppShell = {
  version: '74b879da60f2',
  pagePaths: ['/', '/index.html'],
  filePaths: ['/assets/phone-CMCtdusE.js', '/assets/phone-BeUhPBbm.css', '/icons/icon-192.png', '/manifest.webmanifest'],
};
const get = (url: string) => shellRoute({ method: 'GET', url }, origin, shell);

describe('what the service worker may answer from its cache', () => {
  it("serves the page network-first, keyed by its bare path whatever the link's query", () => {
    const page = { kind: 'page', cacheKey: `${origin}/` };
    expect(get(`${origin}/`)).toEqual(page);
    expect(get(`${origin}/?token=eyJhbGciOi.c2lnbmF0dXJl`)).toEqual(page);
    expect(get(`${origin}/?transport=mqtt&token=abc.def#top`)).toEqual(page);
    expect(get(`${origin}/index.html?token=abc.def`)).toEqual(page);
  });

  it('serves the built files cache-first, keyed without any query', () => {
    expect(get(`${origin}/assets/phone-CMCtdusE.js`)).toEqual({ kind: 'file', cacheKey: `${origin}/assets/phone-CMCtdusE.js` });
    expect(get(`${origin}/icons/icon-192.png?token=abc.def`)).toEqual({ kind: 'file', cacheKey: `${origin}/icons/icon-192.png` });
  });

  it('never puts a token in a cache key', () => {
    const keys = [`${origin}/?token=secret.sig`, `${origin}/index.html?token=secret.sig`, `${origin}/manifest.webmanifest?token=secret.sig`]
      .map((url) => get(url)?.cacheKey);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).not.toMatch(/token|secret|\?/);
  });

  it('leaves live traffic, media and API answers alone', () => {
    for (const path of [
      '/socket.io/?EIO=4&transport=polling&t=abc',
      '/socket.io/?EIO=4&transport=websocket&sid=x',
      '/mqtt',
      '/frames/',
      '/gallery/photos/2026-12-04T10-00-00.jpg?token=abc',
      '/gallery/recordings/flight.mp4',
      '/gallery/thumbnails/flight.jpg',
      '/gallery',
      '/healthz',
      '/metrics',
      '/ca.pem',
      '/sw.js',
    ]) {
      expect(get(`${origin}${path}`), path).toBeNull();
    }
  });

  it('leaves the other pages alone (the ground console, the benchmark)', () => {
    expect(get(`${origin}/ground`)).toBeNull();
    expect(get(`${origin}/bench?transport=webrtc`)).toBeNull();
    expect(get(`${origin}/bench.html`)).toBeNull();
    expect(get(`${origin}/assets/ground-Kmx3U2iW.js`)).toBeNull();
  });

  it('leaves other origins alone, even for a path of the shell', () => {
    expect(get('https://192.168.1.6:8443/assets/phone-CMCtdusE.js')).toBeNull();
    expect(get('http://192.168.1.5:8443/')).toBeNull();
    expect(get('https://cdn.example.com/')).toBeNull();
  });

  it('leaves everything but GET alone', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']) {
      expect(shellRoute({ method, url: `${origin}/` }, origin, shell), method).toBeNull();
    }
  });

  it('matches paths exactly: no prefixes, no look-alikes', () => {
    expect(get(`${origin}/assets/phone-CMCtdusE.js.map`)).toBeNull();
    expect(get(`${origin}/assets/`)).toBeNull();
    expect(get(`${origin}/index.htm`)).toBeNull();
    expect(get(`${origin}//index.html`)).toBeNull();
  });
});

describe('the cache the shell lives in', () => {
  it('is named by the build, so a new build gets a new cache and activation can drop the old ones', () => {
    expect(shellCacheName(shell)).toBe('dronecast-shell-74b879da60f2');
    expect(isShellCacheName(shellCacheName({ version: 'older' }))).toBe(true);
    expect(isShellCacheName('some-other-cache')).toBe(false);
  });

  it('is filled at install with the page once (at its bare path) and every file', () => {
    expect(shellPaths(shell)).toEqual(['/', ...shell.filePaths]);
  });
});
