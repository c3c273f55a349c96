/** Where the ground agent's console server hands its page the console token (same origin, loopback only). */
export const consoleSessionPath = '/console/session';

export type ConsoleTokenResult = { ok: true; token: string } | { ok: false; message: string };

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The console token, asked of the console server that served this page: the console page carries
 * no token in its address, so only a page on this machine's loopback ever gets one.
 */
export async function fetchConsoleToken(origin: string, fetchFn: Fetch = (url, init) => fetch(url, init)): Promise<ConsoleTokenResult> {
  let response: Response;
  try {
    response = await fetchFn(`${origin}${consoleSessionPath}`, { cache: 'no-store', credentials: 'same-origin' });
  } catch (error) {
    return { ok: false, message: `The ground agent's console server did not answer (${error instanceof Error ? error.message : String(error)}). Is the ground agent running?` };
  }
  const body: unknown = await response.json().catch(() => null);
  const field = (name: string): string | null => {
    const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const token = field('token');
  if (response.ok && token) return { ok: true, token };
  // The page opened from the SFU (https://<host>:8443/ground) rather than from the ground agent.
  if (response.status === 404) {
    return { ok: false, message: 'This address does not hand out the console token: open the console on the ground station itself, at the address npm start prints (http://127.0.0.1:8090/ground by default).' };
  }
  const reason = field('error') ?? (response.ok ? 'its answer had no token' : `it answered ${response.status} ${response.statusText}`.trim());
  return { ok: false, message: `The ground console has no access token: ${reason}` };
}
