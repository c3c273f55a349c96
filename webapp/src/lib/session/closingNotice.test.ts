import { describe, expect, it } from 'vitest';
import { closingNotice } from './closingNotice.ts';

describe('closingNotice', () => {
  it('tells a restart from a stop', () => {
    expect(closingNotice({ reason: 'the server is restarting', restartExpected: true })).toBe('The server is restarting. Reconnecting when it is back…');
    expect(closingNotice({ reason: 'the server is stopping (SIGTERM)', restartExpected: false })).toBe('The server is stopping. Reconnecting if it comes back…');
  });
});
