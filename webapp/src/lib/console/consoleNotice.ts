import type { SessionStatus } from '../session/SessionTypes.ts';

export interface ConsoleNotice {
  tone: 'info' | 'warning' | 'error';
  text: string;
  /** Offer a Reconnect button. */
  reconnect: boolean;
}

/** The one message about the console's own connection, in plain words; null while all is well. */
export function consoleNotice(session: Pick<SessionStatus, 'connection' | 'error'>): ConsoleNotice | null {
  switch (session.connection) {
    case 'connected':
      return null;
    case 'connecting':
      return { tone: 'info', text: session.error ?? 'Connecting to the dronecast server through the ground agent…', reconnect: false };
    case 'reconnecting':
      return { tone: 'warning', text: session.error ?? 'Connection to the dronecast server lost. Reconnecting…', reconnect: false };
    case 'disconnected':
      return { tone: 'warning', text: session.error ?? 'Disconnected from the dronecast server.', reconnect: true };
    case 'refused':
      return {
        tone: 'error',
        text: `The dronecast server refused the console token: ${session.error ?? 'no reason given'}. Restart the ground agent with the token the server issues now (npm start does this).`,
        reconnect: true,
      };
    case 'no-token':
      return { tone: 'error', text: 'The ground console has no access token.', reconnect: false };
  }
}
