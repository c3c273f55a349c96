/**
 * The phone page's service worker, built to /sw.js (scope /) by tools/appShellPlugin.ts with the
 * build's app shell written in. It keeps the shell and nothing else: every request that is not a
 * GET for one of the shell's paths on this origin passes through untouched (see shellRoute), and
 * the cache is written once, when the worker installs, from the build's own list.
 */
import { isShellCacheName, shellCacheName, shellPaths, shellRoute, type AppShell } from './AppShell.ts';

declare const __APP_SHELL__: AppShell;

// The few service-worker types this uses. The WebWorker lib would give them, but it cannot share a
// program with the DOM lib the rest of src/ is checked against.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: { readonly origin: string };
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as ServiceWorkerScope;
const shell = __APP_SHELL__;
const cacheName = shellCacheName(shell);

// Install: fetch the whole shell (all or nothing: one failure and the browser retries later). A new
// build's worker then waits, without skipWaiting, until no page of the old build is open: an open
// page (a pilot mid-flight) keeps the old worker and its cache, so the chunks it loads later (the
// MQTT client, when the pilot switches transport) still come from its own build, which the server
// no longer has.
worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(shellPaths(shell).map((path) => new Request(path, { cache: 'no-cache' })))));
});

// Activate: drop the shells of older builds. Claiming matters on the first install only (a new
// build's worker activates when no page is open): the page that registered it is served by it
// from then on, so it can reload offline.
worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const stale = (await caches.keys()).filter((name) => isShellCacheName(name) && name !== cacheName);
      await Promise.all(stale.map((name) => caches.delete(name)));
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const route = shellRoute(event.request, worker.location.origin, shell);
  if (!route) return;
  event.respondWith(route.kind === 'page' ? networkFirst(route.cacheKey) : cacheFirst(event.request, route.cacheKey));
});

/**
 * The page's HTML from the server, else the copy this worker cached when it installed: the HTML of
 * its own build, which names the assets in its cache. (A copy taken now could be a newer build's,
 * while this worker waits for its pages to close, naming assets this cache has not got.) It is
 * fetched at the bare key, not at the link, which may carry ?token=: the server sends the same
 * HTML either way, the token stays in the page's own address, and no URL in the cache has it.
 */
async function networkFirst(cacheKey: string): Promise<Response> {
  try {
    return await fetch(cacheKey, { cache: 'no-cache' });
  } catch (offline) {
    const cached = await caches.open(cacheName).then((cache) => cache.match(cacheKey));
    if (cached) return cached;
    throw offline;
  }
}

/** A file of the shell from the cache (hashed, or of this build's version), else from the server. */
async function cacheFirst(request: Request, cacheKey: string): Promise<Response> {
  const cached = await caches.open(cacheName).then((cache) => cache.match(cacheKey));
  return cached ?? fetch(request);
}
