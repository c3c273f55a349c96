import type { Role } from './roles.ts';

/** Sent by the server once a socket is authenticated. */
export interface Welcome {
  peerId: string;
  role: Role;
  droneId: string;
  serverTime: number;
}

/** Sent when the server lost this client's media state (a worker died) and the client must rebuild it. */
export interface ReconnectRequired {
  reason: string;
}
