import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessTokenRefusals } from '@dronecast/protocol';
import { Session } from './Session.ts';
import type { ConnectionState } from './SessionTypes.ts';

/** A socket.io server that greets like the SFU, answers clock:sync (until muted) and counts. */
class FakeSfu {
  readonly http: HttpServer = createServer();
  readonly io = new Server(this.http, { pingInterval: 5_000, pingTimeout: 5_000 });
  handshakes = 0;
  connections = 0;
  clockRequests = 0;
  muted = false;
  sockets: ServerSocket[] = [];

  constructor() {
    this.io.use((socket, next) => {
      this.handshakes++;
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (token === 'good') next();
      else next(new Error(accessTokenRefusals.notIssuedHere));
    });
    this.io.on('connection', (socket) => {
      this.connections++;
      this.sockets.push(socket);
      socket.emit('session:welcome', {
        peerId: `p${this.connections}`,
        role: 'pilot',
        droneId: 'drone1',
        serverTime: Date.now(),
        transports: { websocket: { available: true }, mqtt: { available: true, url: null } },
        mapTiles: null,
      });
      socket.on('clock:sync', (payload: { clientTime: number }, ack: (reply: unknown) => void) => {
        this.clockRequests++;
        if (!this.muted) ack({ ok: true, data: { clientTime: payload.clientTime, serverTime: Date.now() } });
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }
}

let sfu: FakeSfu;
let url: string;
let session: Session | undefined;

beforeEach(async () => {
  sfu = new FakeSfu();
  url = await sfu.listen();
});

afterEach(async () => {
  session?.close();
  session = undefined;
  await sfu.close();
});

function until(state: ConnectionState, s: Session, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still ${s.status.value.connection} (${s.status.value.error}), not ${state}`)), timeoutMs);
    const off = s.status.subscribe(({ connection, welcome }) => {
      if (connection !== state || (state === 'connected' && !welcome)) return;
      clearTimeout(timer);
      queueMicrotask(() => off());
      resolve();
    });
  });
}

const waitFor = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not met');
};

/** The clock samples every connection starts with (ClockSync's burst). */
const clockSyncBurst = 5;

describe('Session.wake', () => {
  it("reconnects at once instead of waiting out socket.io's backoff", async () => {
    // A first retry 30-90 s away: only wake() can bring it back within this test.
    session = new Session({ url, token: 'good', reconnectionDelayMs: 60_000 });
    await until('connected', session);
    sfu.sockets[0]?.conn.close(); // the link drops under the page, as when the phone slept
    await until('reconnecting', session);
    session.wake();
    await until('connected', session);
    expect(sfu.connections).toBe(2);
    expect(session.status.value.welcome?.peerId).toBe('p2');
  });

  it('replaces a socket that looks connected but no longer answers', async () => {
    session = new Session({ url, token: 'good', reconnectionDelayMs: 60_000, wakeProbeTimeoutMs: 200 });
    await until('connected', session);
    await waitFor(() => sfu.clockRequests > 0);
    sfu.muted = true;
    const seen: ConnectionState[] = [];
    session.status.subscribe(({ connection }) => seen.push(connection));
    session.wake();
    await waitFor(() => sfu.connections === 2);
    await until('connected', session);
    expect(seen).toContain('reconnecting');
  });

  it('leaves a connection that answers alone', async () => {
    // No periodic clock sample during the test, so every request after the burst is a probe.
    session = new Session({ url, token: 'good', wakeProbeTimeoutMs: 2_000, clockSyncIntervalMs: 600_000 });
    await until('connected', session);
    await waitFor(() => sfu.clockRequests === clockSyncBurst);
    const asked = sfu.clockRequests;
    session.wake();
    session.wake(); // a second wake while the first probe is out sends no second probe
    await waitFor(() => sfu.clockRequests > asked);
    await new Promise((r) => setTimeout(r, 100));
    expect(sfu.clockRequests).toBe(asked + 1);
    expect(sfu.connections).toBe(1);
    expect(session.status.value.connection).toBe('connected');
  });

  it('does not knock again with a refused token', async () => {
    session = new Session({ url, token: 'forged' });
    await until('refused', session);
    const handshakes = sfu.handshakes;
    session.wake();
    await new Promise((r) => setTimeout(r, 200));
    expect(sfu.handshakes).toBe(handshakes);
    expect(session.status.value).toMatchObject({ connection: 'refused', error: accessTokenRefusals.notIssuedHere });
  });
});
