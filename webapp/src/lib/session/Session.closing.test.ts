import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { Session } from './Session.ts';

/** A socket.io server that greets like the SFU and, when told to stop, announces it first as the SFU does. */
async function fakeSfu(port = 0): Promise<{ url: string; port: number; stop(closing: { reason: string; restartExpected: boolean } | null): Promise<void> }> {
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.emit('session:welcome', {
      peerId: 'p1',
      role: 'viewer',
      droneId: 'drone1',
      serverTime: Date.now(),
      transports: { websocket: { available: true }, mqtt: { available: true, url: null } },
      mapTiles: null,
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const bound = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    stop: async (closing) => {
      if (closing) {
        io.emit('session:closing', closing);
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}

let session: Session | undefined;
afterEach(() => {
  session?.close();
  session = undefined;
});

async function until(s: Session, check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`${what}: still ${JSON.stringify(s.status.value)}`);
}

describe('Session when the server announces it is going away', () => {
  it('says the server is restarting rather than that the connection was lost, and clears it once back', async () => {
    const first = await fakeSfu();
    session = new Session({ url: first.url, token: 'good', reconnectionDelayMs: 100 });
    const s = session;
    await until(s, () => s.status.value.connection === 'connected' && s.status.value.welcome !== null, 'connected');
    await first.stop({ reason: 'the server is restarting', restartExpected: true });
    await until(s, () => s.status.value.connection === 'reconnecting', 'reconnecting');
    expect(s.status.value.error).toBe('The server is restarting. Reconnecting when it is back…');
    // Failed retries keep saying so instead of "can't reach".
    await new Promise((r) => setTimeout(r, 400));
    expect(s.status.value.error).toBe('The server is restarting. Reconnecting when it is back…');
    const second = await fakeSfu(first.port);
    try {
      await until(s, () => s.status.value.connection === 'connected', 'connected again');
      expect(s.status.value.error).toBeNull();
    } finally {
      await second.stop(null);
    }
  });

  it('says the server is stopping when no restart is expected, and a plain drop stays a plain drop', async () => {
    const sfu = await fakeSfu();
    session = new Session({ url: sfu.url, token: 'good', reconnectionDelayMs: 100 });
    const s = session;
    await until(s, () => s.status.value.connection === 'connected', 'connected');
    await sfu.stop({ reason: 'the server is stopping (SIGTERM)', restartExpected: false });
    await until(s, () => s.status.value.connection === 'reconnecting', 'reconnecting');
    expect(s.status.value.error).toBe('The server is stopping. Reconnecting if it comes back…');
    session.close();

    const again = await fakeSfu();
    session = new Session({ url: again.url, token: 'good', reconnectionDelayMs: 100 });
    const t = session;
    await until(t, () => t.status.value.connection === 'connected', 'connected');
    await again.stop(null);
    await until(t, () => t.status.value.connection === 'reconnecting', 'reconnecting');
    expect(t.status.value.error).toBe('Connection to the server lost. Reconnecting…');
  });
});
