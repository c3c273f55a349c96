import fs from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ServerEvents, Welcome } from '@dronecast/protocol';

export interface TestClient {
  socket: Socket<ServerEvents>;
  welcome: Welcome;
  /** Sends anything (well-formed or not) and returns the raw acknowledgement. */
  send(event: string, ...args: unknown[]): Promise<Ack<unknown>>;
  close(): void;
}

/** A raw socket.io client, as a misbehaving phone would be: nothing is validated on this side. */
export async function connectClient(origin: string, token: string, certsDir: string): Promise<TestClient> {
  const socket: Socket<ServerEvents> = io(origin, {
    auth: { token },
    transports: ['websocket'],
    ca: fs.readFileSync(path.join(certsDir, 'ca.pem'), 'utf8'),
    reconnection: false,
  });
  const welcome = await new Promise<Welcome>((resolve, reject) => {
    socket.once('session:welcome', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    welcome,
    send: (event, ...args) => {
      // Typed sockets only allow known events; a test must be able to send anything.
      const raw = socket as unknown as { timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<Ack<unknown>> } };
      return raw.timeout(5000).emitWithAck(event, ...args);
    },
    close: () => socket.disconnect(),
  };
}

/** The token inside one of the URLs the SFU prints. */
export function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}
