import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { waitForConsoleServer } from './support/consoleServer.ts';
import { benchUrl } from './support/benchPage.ts';
import { waitForMoreFrames } from './support/phonePage.ts';
import { tokenOf } from './support/signalingClient.ts';

/**
 * The phone page installed as an app, against the real stack. The browser here is a phone that
 * has the ground station's CA installed, which is what installing takes: Chrome registers no
 * service worker for a site whose certificate it does not trust (the other tests' bypass,
 * ignoreHTTPSErrors, answers "An SSL certificate error occurred when fetching the script"), and
 * reports an incognito profile, which is what browser.newPage() opens, as not installable. So this
 * test opens its own persistent profile that trusts the stack's certificate.
 */
let stack: LoopbackStack;
let context: BrowserContext;
let page: Page;
const dist = path.join(repoRoot, 'webapp/dist');

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  context = await chromium.launchPersistentContext(path.join(stack.dir, 'phone-profile'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--allow-loopback-in-peer-connection',
      `--ignore-certificate-errors-spki-list=${await spkiHash(path.join(stack.dir, 'certs/cert.pem'))}`,
    ],
    // For the test's own requests from Node (context.request), which do not go through chromium's certificate check.
    ignoreHTTPSErrors: true,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  page = context.pages()[0] ?? (await context.newPage());
  await countServiceWorkerRegistrations(page);
  await page.goto(stack.pilotUrl);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

/** What --ignore-certificate-errors-spki-list takes: base64 of the SHA-256 of the certificate's public key. */
async function spkiHash(certFile: string): Promise<string> {
  const spki = new X509Certificate(await fs.readFile(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Counts the page's calls to navigator.serviceWorker.register in window.__registerCalls, from before any script runs. */
async function countServiceWorkerRegistrations(target: Page): Promise<void> {
  await target.addInitScript(() => {
    const counted = window as unknown as { __registerCalls: number };
    counted.__registerCalls = 0;
    const container = navigator.serviceWorker;
    if (!container) return;
    const register = container.register.bind(container);
    container.register = (...args) => {
      counted.__registerCalls += 1;
      return register(...args);
    };
  });
}

const registerCalls = (target: Page) => target.evaluate(() => (window as unknown as { __registerCalls: number }).__registerCalls);

async function waitForConnected(target: Page): Promise<void> {
  await target.waitForFunction(() => window.__dronecast?.stats().connection === 'connected', undefined, { timeout: 30_000 });
}

interface CachedEntry {
  cache: string;
  url: string;
  responseUrl: string;
  status: number;
}

/** Every entry of every cache on the page's origin, read with the Cache API in the page. */
function cachedEntries(target: Page): Promise<CachedEntry[]> {
  return target.evaluate(async () => {
    const entries: CachedEntry[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        entries.push({ cache: name, url: request.url, responseUrl: response?.url ?? '', status: response?.status ?? 0 });
      }
    }
    return entries;
  });
}

/** The /assets/ files a built page's HTML loads (its entry script, preloads and styles). */
async function assetsOfPage(html: string): Promise<string[]> {
  const text = await fs.readFile(path.join(dist, html), 'utf8');
  return [...text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
}

describe('the phone page, installable as an app', () => {
  it('registers its service worker for the whole origin, and the worker takes over the page', async () => {
    await waitForConnected(page);
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, script: registration.active?.scriptURL };
    });
    expect(worker).toEqual({ scope: `${stack.origin}/`, script: `${stack.origin}/sw.js` });
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, { timeout: 10_000 });
    expect(await registerCalls(page)).toBe(1);
  }, 60_000);

  it('caches the page without its token and the hashed assets it loads, and nothing else', async () => {
    const token = tokenOf(stack.pilotUrl);
    // Live traffic under the worker: the page reopened from its link (a navigation the worker
    // answers), socket.io, video frames, and requests the page might make that are not the shell.
    await page.reload();
    await waitForConnected(page);
    await waitForMoreFrames(page, 30, 30_000);
    const groundScript = (await assetsOfPage('ground.html')).find((asset) => asset.includes('/ground-'));
    await page.evaluate(
      async ({ token, others }) => {
        for (const address of others) await fetch(address).then((response) => response.arrayBuffer());
        await fetch(`/gallery/photos?token=${token}`).then((response) => response.arrayBuffer());
      },
      { token, others: ['/healthz', '/ca.pem', '/bench', groundScript ?? '/ground'] },
    );

    const entries = await cachedEntries(page);
    const paths = entries.map((entry) => new URL(entry.url).pathname);
    console.log(`cached: ${paths.join(' ')}`);
    expect(new Set(entries.map((entry) => entry.cache)).size).toBe(1);
    expect(entries[0]?.cache).toMatch(/^dronecast-shell-[0-9a-f]{12}$/);

    // The page's HTML, under its bare address.
    expect(paths).toContain('/');
    expect(paths).not.toContain('/index.html');
    // Every hashed asset index.html loads.
    const phoneAssets = await assetsOfPage('index.html');
    expect(phoneAssets.length).toBeGreaterThanOrEqual(2);
    for (const asset of phoneAssets) expect(paths).toContain(asset);
    // Nothing else: the page, hashed /assets/ files, and the files of webapp/public (manifest, icons).
    const publicFiles = (await fs.readdir(path.join(repoRoot, 'webapp/public'), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => `/${path.relative(path.join(repoRoot, 'webapp/public'), path.join(entry.parentPath, entry.name))}`);
    for (const cached of paths) {
      const isShell = cached === '/' || /^\/assets\/[\w.-]+-[\w-]{8}\.(js|css|woff2?)$/.test(cached) || publicFiles.includes(cached);
      expect(isShell, cached).toBe(true);
    }
    // Not the other pages' code, though it was fetched, and not one live or API answer.
    if (groundScript) expect(paths).not.toContain(groundScript);
    for (const cached of paths) expect(cached).not.toMatch(/^\/(socket\.io|gallery|frames|mqtt|healthz|metrics|ca\.pem|bench|ground|sw\.js)\b/);
    // No token anywhere: not in a key, not in a stored response's own URL.
    for (const { url, responseUrl, status } of entries) {
      expect(status, url).toBe(200);
      for (const address of [url, responseUrl]) {
        expect(address).not.toContain(token);
        expect(address).not.toMatch(/token|\?/);
      }
    }
  }, 90_000);

  it('opens from its cache with the network gone, and connects when it is back', async () => {
    await context.setOffline(true);
    try {
      // The worker's own fetches are offline too, so what follows is served from its cache.
      const [worker] = context.serviceWorkers();
      expect(worker?.url()).toBe(`${stack.origin}/sw.js`);
      expect(await worker?.evaluate(() => fetch('/healthz').then(() => 'online', () => 'offline'))).toBe('offline');
      const response = await page.reload();
      expect(response?.fromServiceWorker()).toBe(true);
      await page.getByTestId('connection-state').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('connection-state').getAttribute('data-state')).not.toBe('connected');
    } finally {
      await context.setOffline(false);
    }
    await waitForConnected(page);
  }, 60_000);

  it('serves the manifest, the worker and the icons as a browser needs them', async () => {
    const manifest = await context.request.get(`${stack.origin}/manifest.webmanifest`);
    expect(manifest.status()).toBe(200);
    expect(manifest.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const fields = (await manifest.json()) as Record<string, unknown> & { icons: { src: string; sizes: string; type: string; purpose?: string }[] };
    expect(fields).toMatchObject({ name: 'dronecast', start_url: '/', scope: '/', display: 'standalone', orientation: 'any' });
    expect(fields.short_name).toEqual(expect.any(String));
    expect(fields.theme_color).toBe('#0b0f14');
    expect(fields.background_color).toBe('#0b0f14');
    expect(fields.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(fields.icons.some((icon) => icon.purpose?.split(' ').includes('maskable'))).toBe(true);
    for (const icon of fields.icons) {
      const answer = await context.request.get(new URL(icon.src, stack.origin).href);
      expect(answer.status(), icon.src).toBe(200);
      expect(answer.headers()['content-type'], icon.src).toBe('image/png');
      const { format, width, height } = await sharp(await answer.body()).metadata();
      expect(`${format} ${width}x${height}`, icon.src).toBe(`png ${icon.sizes}`);
    }

    const appleIcon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="apple-touch-icon"]')?.href ?? '');
    const apple = await context.request.get(appleIcon);
    expect([apple.status(), apple.headers()['content-type']]).toEqual([200, 'image/png']);

    const worker = await context.request.get(`${stack.origin}/sw.js`);
    expect(worker.status()).toBe(200);
    expect(worker.headers()['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(worker.headers()['cache-control']).toBe('no-cache');
  }, 60_000);

  it('passes chromium\'s installability check', async () => {
    const cdp = await context.newCDPSession(page);
    try {
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      const { errors } = await cdp.send('Page.getAppManifest');
      expect(errors).toEqual([]);
    } finally {
      await cdp.detach();
    }
  }, 30_000);

  it('is registered by the phone page only: not by the benchmark page, nor by the ground console', async () => {
    await waitForConsoleServer(stack);
    const other = await context.newPage();
    try {
      await countServiceWorkerRegistrations(other);
      await other.goto(benchUrl(stack.pilotUrl));
      await other.waitForFunction(() => window.__dronecastBench?.state().phase === 'idle', undefined, { timeout: 30_000, polling: 100 });
      expect(await registerCalls(other)).toBe(0);
      await other.goto(stack.consoleUrl);
      await waitForConnected(other);
      expect(await registerCalls(other)).toBe(0);
      expect(await other.evaluate(() => navigator.serviceWorker.getRegistrations().then((all) => all.length))).toBe(0);
    } finally {
      await other.close();
    }
  }, 90_000);
});
