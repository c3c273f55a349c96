import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { accessTokenRefusals } from '@dronecast/protocol';
import { Session } from './Session.ts';

/** A socket.io server that refuses revoked tokens as the SFU does, and ends their sessions when one is revoked. */
async function fakeSfu(): Promise<{ url: string; revoke(token: string): void; end(token: string): void; stop(): Promise<void> }> {
  const http = createServer();
  const io = new Server(http);
  const revoked = new Set<string>();
  const sockets = new Set<Socket>();
  io.use((socket, next) => {
    const token = String(socket.handshake.auth.token);
    next(revoked.has(token) ? new Error(accessTokenRefusals.revoked) : undefined);
  });
  io.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('disconnect', () => sockets.delete(socket));
    socket.emit('session:welcome', {
      peerId: socket.id,
      role: 'viewer',
      droneId: 'drone1',
      serverTime: Date.now(),
      transports: { websocket: { available: true }, mqtt: { available: true, url: null } },
      mapTiles: null,
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const end = (token: string): void => {
    for (const socket of sockets) {
      if (socket.handshake.auth.token !== token) continue;
      socket.emit('session:closing', { reason: 'the ground station revoked this link', restartExpected: false });
      socket.disconnect(true);
    }
  };
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    revoke: (token) => {
      revoked.add(token);
      end(token);
    },
    end,
    stop: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

let session: Session | undefined;
let sfu: Awaited<ReturnType<typeof fakeSfu>> | undefined;
afterEach(async () => {
  session?.close();
  session = undefined;
  await sfu?.stop();
  sfu = undefined;
});

async function until(s: Session, check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`${what}: still ${JSON.stringify(s.status.value)}`);
}

describe('Session when the server ends it', () => {
  it('finds out at once that its link was revoked: refused, in the server\'s words', async () => {
    sfu = await fakeSfu();
    const s = (session = new Session({ url: sfu.url, token: 'alice', reconnectionDelayMs: 100 }));
    await until(s, () => s.status.value.connection === 'connected', 'connected');
    sfu.revoke('alice');
    await until(s, () => s.status.value.connection === 'refused', 'refused');
    expect(s.status.value).toMatchObject({ error: accessTokenRefusals.revoked, welcome: null });
  });

  it('is back in when its link still holds, and the next end within a minute is left ended', async () => {
    sfu = await fakeSfu();
    const s = (session = new Session({ url: sfu.url, token: 'bob', reconnectionDelayMs: 100 }));
    await until(s, () => s.status.value.welcome !== null, 'connected');
    const first = s.status.value.welcome?.peerId;
    sfu.end('bob');
    await until(s, () => s.status.value.connection === 'connected' && (s.status.value.welcome?.peerId ?? first) !== first, 'connected again');
    sfu.end('bob');
    await until(s, () => s.status.value.connection === 'disconnected', 'disconnected');
    expect(s.status.value.error).toBe('The server ended this session.');
  });
});
