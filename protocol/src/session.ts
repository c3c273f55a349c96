import type { ServerEventPayload } from './serverEvents.ts';

export type Welcome = ServerEventPayload<'session:welcome'>;
export type ReconnectRequired = ServerEventPayload<'session:reconnect'>;

/**
 * How often a client that lost the SFU tries again (socket.io's backoff). The launcher's spare
 * serves within about a second of a crash and a pilot is waiting for the picture: tries stay at
 * most 0.5 s apart. A refused try is one failed connect, cheap on both sides.
 */
export const sfuReconnectBackoff = { reconnectionDelay: 200, reconnectionDelayMax: 500 } as const;
