import { describe, expect, it, vi } from 'vitest';
import { registerServiceWorker, type ServiceWorkerHost } from './registerServiceWorker.ts';

function host(overrides: Partial<ServiceWorkerHost> = {}) {
  const register = vi.fn(async () => ({ scope: 'https://h/' }) as ServiceWorkerRegistration);
  return { register, host: { isSecureContext: true, navigator: { serviceWorker: { register } }, ...overrides } };
}
const log = { info: vi.fn(), warn: vi.fn() };

describe('registering the phone page service worker', () => {
  it('registers /sw.js for the whole origin, always asking the server for a newer worker', async () => {
    const { register, host: page } = host();
    await expect(registerServiceWorker(page, { built: true, log })).resolves.toEqual({ scope: 'https://h/' });
    expect(register).toHaveBeenCalledWith('/sw.js', { scope: '/', updateViaCache: 'none' });
  });

  it('does nothing on an insecure page (plain HTTP on the LAN)', async () => {
    const { register, host: page } = host({ isSecureContext: false });
    await expect(registerServiceWorker(page, { built: true, log })).resolves.toBeNull();
    expect(register).not.toHaveBeenCalled();
  });

  it('does nothing under the dev server, which has no /sw.js', async () => {
    const { register, host: page } = host();
    await expect(registerServiceWorker(page, { built: false, log })).resolves.toBeNull();
    expect(register).not.toHaveBeenCalled();
  });

  it('says so, and goes on, in a browser without service workers', async () => {
    const info = vi.fn();
    await expect(registerServiceWorker({ isSecureContext: true, navigator: {} }, { built: true, log: { info, warn: vi.fn() } })).resolves.toBeNull();
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/no service worker/));
  });

  it('logs a failed registration instead of throwing: the page works without it', async () => {
    const failure = new DOMException('An SSL certificate error occurred when fetching the script.', 'SecurityError');
    const warn = vi.fn();
    const page: ServiceWorkerHost = { isSecureContext: true, navigator: { serviceWorker: { register: () => Promise.reject(failure) } } };
    await expect(registerServiceWorker(page, { built: true, log: { info: vi.fn(), warn } })).resolves.toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/did not register/), failure);
  });
});
