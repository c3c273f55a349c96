import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server, type Socket } from 'socket.io';
import type { ServerEvents } from '@dronecast/protocol';
import type { TokenClaims } from '../auth/TokenIssuer.ts';

/** What the server keeps on each authenticated socket (also what other hosts see of it). */
export interface SocketData {
  claims: TokenClaims;
  peerId: string;
  /** For the console's list of who is connected. */
  since: number;
  address: string;
  device: string;
}

export type SignalingIo = Server<Record<string, never>, ServerEvents, Record<string, never>, SocketData>;
export type ClientSocket = Socket<Record<string, never>, ServerEvents, Record<string, never>, SocketData>;

/** The signaling socket.io server on the web server; the drones' broadcasts and the frame relay share it. */
export function createSignalingIo(httpServer: HttpsServer | HttpServer): SignalingIo {
  // Above 1 MB socket.io itself drops the connection; below it we answer PAYLOAD_TOO_LARGE.
  return new Server(httpServer, { maxHttpBufferSize: 1_000_000, serveClient: false, pingInterval: 5000, pingTimeout: 5000 });
}
