import { describe, expect, it } from 'vitest';
import { consoleNotice } from './consoleNotice.ts';

describe('what the console says about its own connection', () => {
  it('nothing while connected; the reason and a way out otherwise', () => {
    expect(consoleNotice({ connection: 'connected', error: null })).toBeNull();
    expect(consoleNotice({ connection: 'connecting', error: null })).toMatchObject({ tone: 'info', reconnect: false });
    expect(consoleNotice({ connection: 'reconnecting', error: "Can't reach the dronecast server. Retrying…" })).toEqual({
      tone: 'warning',
      text: "Can't reach the dronecast server. Retrying…",
      reconnect: false,
    });
    expect(consoleNotice({ connection: 'refused', error: 'token expired' })).toMatchObject({
      tone: 'error',
      text: expect.stringMatching(/^The dronecast server refused the console token: token expired\. Restart/),
      reconnect: true,
    });
    expect(consoleNotice({ connection: 'disconnected', error: null })).toMatchObject({ tone: 'warning', reconnect: true });
  });
});
