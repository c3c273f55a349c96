import type { ServerEventPayload } from './serverEvents.ts';

export type Welcome = ServerEventPayload<'session:welcome'>;
export type ReconnectRequired = ServerEventPayload<'session:reconnect'>;
