import type { ServerEventPayload } from '@dronecast/protocol';

export type ServerClosing = ServerEventPayload<'session:closing'>;

/** What the page says while the server it was told is going away is gone (it keeps reconnecting either way). */
export function closingNotice(closing: ServerClosing): string {
  return closing.restartExpected
    ? 'The server is restarting. Reconnecting when it is back…'
    : 'The server is stopping. Reconnecting if it comes back…';
}
