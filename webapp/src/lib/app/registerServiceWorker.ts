/// <reference types="vite/client" />
// For import.meta.env: the tests are type-checked without the page's vite/client types.

/** What registering needs of the page: the window, or a test's stand-in. */
export interface ServiceWorkerHost {
  readonly isSecureContext: boolean;
  /** Undefined where the browser has no service workers, and on every insecure page. */
  readonly navigator: { readonly serviceWorker?: Pick<ServiceWorkerContainer, 'register'> };
}

export interface RegistrationOptions {
  /** False under the Vite dev server, which builds no /sw.js (only `vite build` does). */
  built: boolean;
  log: Pick<Console, 'info' | 'warn'>;
}

/**
 * Registers the phone page's service worker (/sw.js, scope /), which keeps the page's app shell so
 * the installed app opens at once. For the phone page only: the ground console and the benchmark
 * page never call it. Resolves to null, never throws, when there is no worker: an insecure page
 * (a service worker needs HTTPS, or localhost), a browser without them, the dev server, or a
 * failed registration (logged). The page works the same without it, only not offline.
 */
export async function registerServiceWorker(
  host: ServiceWorkerHost = window,
  { built, log }: RegistrationOptions = { built: import.meta.env.PROD, log: console },
): Promise<ServiceWorkerRegistration | null> {
  if (!built || !host.isSecureContext) return null;
  const container = host.navigator.serviceWorker;
  if (!container) {
    log.info('no service worker: this browser has none, so the app will not open offline');
    return null;
  }
  try {
    // updateViaCache 'none': the browser asks the server for /sw.js on every check, whatever a
    // server's caching headers say, so a new build reaches installed apps.
    return await container.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  } catch (error) {
    log.warn('the service worker did not register; the app will not open offline', error);
    return null;
  }
}
