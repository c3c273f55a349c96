import fs from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { Ack, EventSocket, ServerEvents, Welcome } from '@dronecast/protocol';

export interface TestClient {
  socket: Socket<ServerEvents>;
  welcome: Welcome;
  /** Sends anything (well-formed or not) and returns the raw acknowledgement. */
  send(event: string, ...args: unknown[]): Promise<Ack<unknown>>;
  close(): void;
}

/** A raw socket.io client, as a misbehaving phone would be: nothing is validated on this side. */
export async function connectClient(origin: string, token: string, certsDir: string): Promise<TestClient> {
  const socket = io(origin, {
    auth: { token },
    transports: ['websocket'],
    ca: fs.readFileSync(path.join(certsDir, 'ca.pem'), 'utf8'),
    reconnection: false,
  });
  // Listening is typed by the contract (tests read payloads); sending is not: a test must be able to send anything.
  const listening: Socket<ServerEvents> = socket;
  const sending: EventSocket = socket;
  const welcome = await new Promise<Welcome>((resolve, reject) => {
    listening.once('session:welcome', resolve);
    listening.once('connect_error', reject);
  });
  return {
    socket: listening,
    welcome,
    // The server's acknowledgement, unchecked: tests assert on it, well-formed or not.
    send: (event, ...args) => sending.timeout(5000).emitWithAck(event, ...args) as Promise<Ack<unknown>>,
    close: () => socket.disconnect(),
  };
}

/** The token inside one of the URLs the SFU prints. */
export function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}
