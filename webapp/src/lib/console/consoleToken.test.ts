import { describe, expect, it } from 'vitest';
import { fetchConsoleToken } from './consoleToken.ts';

const answer = (status: number, body: unknown) => async (): Promise<Response> =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('the console token from the console server', () => {
  it('asks its own origin, without caching', async () => {
    const asked: { url: string; init: RequestInit | undefined }[] = [];
    const result = await fetchConsoleToken('http://127.0.0.1:8090', async (url, init) => {
      asked.push({ url, init });
      return answer(200, { token: 'tok-123' })();
    });
    expect(result).toEqual({ ok: true, token: 'tok-123' });
    expect(asked).toEqual([{ url: 'http://127.0.0.1:8090/console/session', init: { cache: 'no-store', credentials: 'same-origin' } }]);
  });

  it('passes on the server\'s reason when it has no token', async () => {
    const result = await fetchConsoleToken('', answer(503, { error: 'start it with DRONECAST_CONSOLE_TOKEN set' }));
    expect(result).toEqual({ ok: false, message: 'The ground console has no access token: start it with DRONECAST_CONSOLE_TOKEN set' });
  });

  it('explains answers that are not a token, and a server that is not there', async () => {
    await expect(fetchConsoleToken('', answer(200, { token: '' }))).resolves.toEqual({ ok: false, message: 'The ground console has no access token: its answer had no token' });
    await expect(fetchConsoleToken('', answer(500, 'Internal'))).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/it answered 500/) });
    await expect(fetchConsoleToken('', answer(404, 'Nothing here'))).resolves.toMatchObject({
      ok: false,
      message: expect.stringMatching(/^This address does not hand out the console token: open the console on the ground station itself/),
    });
    const down = await fetchConsoleToken('', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(down).toEqual({ ok: false, message: "The ground agent's console server did not answer (Failed to fetch). Is the ground agent running?" });
  });
});
