/**
 * The phone page's app shell: the files that draw the page before it connects (its HTML, the
 * hashed scripts and styles Vite built for it, the icons and the manifest), which the service
 * worker keeps so the installed app opens without waiting for, or without, the network.
 *
 * Nothing live is ever part of it: no video, frames, gallery media, API answers, socket.io or
 * MQTT traffic, and no access token (the page's link carries one in its query, so every cache
 * key is a bare path).
 */
export interface AppShell {
  /** Changes whenever any file of the shell changes (set at build time); it names the cache. */
  version: string;
  /** The addresses that open the page (`/`, `/index.html`). Its HTML is cached once, under the first. */
  pagePaths: readonly string[];
  /** Every other file of the shell, by path (`/assets/phone-3f9a1c2b.js`, `/icons/icon-192.png`). */
  filePaths: readonly string[];
}

/**
 * How the worker answers a request it may serve from the cache:
 * - `page`: network first (a new build shows up on the next open), the cached HTML when offline;
 * - `file`: cache first (the names are content-hashed, or the version changes with them).
 */
export interface ShellRoute {
  kind: 'page' | 'file';
  /** The cache key: the origin and path only, never a query (where the token would be). */
  cacheKey: string;
}

const cachePrefix = 'dronecast-shell-';

export function shellCacheName(shell: Pick<AppShell, 'version'>): string {
  return `${cachePrefix}${shell.version}`;
}

/** True for a cache any build of this worker made (so activation can delete the old ones, and only those). */
export function isShellCacheName(name: string): boolean {
  return name.startsWith(cachePrefix);
}

/**
 * The route for a request, or null when the worker must leave it alone (the browser then fetches
 * it exactly as with no worker): anything but a GET, anything from another origin, and every
 * path not in the shell's build-time list (socket.io, /gallery, /frames, /healthz, ...).
 */
export function shellRoute(request: { method: string; url: string }, origin: string, shell: AppShell): ShellRoute | null {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== origin) return null;
  const [page] = shell.pagePaths;
  if (page !== undefined && shell.pagePaths.includes(url.pathname)) return { kind: 'page', cacheKey: `${origin}${page}` };
  if (shell.filePaths.includes(url.pathname)) return { kind: 'file', cacheKey: `${origin}${url.pathname}` };
  return null;
}

/** Every address the worker fetches when it installs, relative to its origin: the page, then its files. */
export function shellPaths(shell: AppShell): string[] {
  return [...shell.pagePaths.slice(0, 1), ...shell.filePaths];
}
