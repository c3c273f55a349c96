import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createLogger } from '@dronecast/runtime';
import { TokenIssuer } from '../auth/TokenIssuer.ts';
import { quietDrones } from '../testing/quietDrones.ts';
import { AccessLinkBook } from '../links/AccessLinkBook.ts';
import { RoomBroadcast } from './RoomBroadcast.ts';
import { SignalingServer } from './SignalingServer.ts';
import { createSignalingIo, type SignalingIo } from './signalingIo.ts';

const tokens = new TokenIssuer(randomBytes(32));
let io: SignalingIo;
let clock = 0;
let signaling: SignalingServer;
let stateDir: string;
let url: string;
const sockets: Socket[] = [];

beforeEach(async () => {
  const http = createServer();
  io = createSignalingIo(http);
  clock = 1_000_000;
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-signaling-'));
  const book = new AccessLinkBook(stateDir, tokens);
  tokens.isRevoked = (subject) => book.isRevoked(subject);
  const linkDesk = { book, publicOrigin: 'https://10.0.0.5:8443', dropHolder: (id: string, reason: string) => signaling.dropHolder(id, reason) };
  const drones = quietDrones({ websocket: { available: true }, mqtt: { available: true, url: null } }, (droneId) => new RoomBroadcast(io, droneId), { linkDesk });
  signaling = new SignalingServer(io, { tokens, drones, logger: createLogger('test'), now: () => clock, maxSocketsPerAddress: 6 });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await new Promise<void>((resolve) => void io.close(() => resolve()));
});

function connect(token: string): Promise<Socket> {
  const socket = ioClient(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('session:welcome', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('SignalingServer', () => {
  it('keeps no access token on a socket once it is checked (other hosts get handshakes through Redis)', async () => {
    await connect(tokens.issue('pilot', 'drone1'));
    const [socket] = await io.fetchSockets();
    expect(socket?.data.claims.role).toBe('pilot');
    expect(JSON.stringify(socket?.handshake)).not.toContain('"token"');
  });

  it('greets a client with its drone and answers an unknown event with a clear refusal', async () => {
    const socket = await connect(tokens.issue('viewer', 'drone1'));
    const reply = (await socket.timeout(2000).emitWithAck('drone:selfDestruct', {})) as { ok: boolean; error: { code: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
  });

  it('refuses a forged token before anything else', async () => {
    await expect(connect(new TokenIssuer(randomBytes(32)).issue('pilot', 'drone1'))).rejects.toThrow();
  });
});

describe('one ground agent per drone', () => {
  it('refuses a second agent while the first is heard from, with the reason', async () => {
    const agent = await connect(tokens.issue('ground', 'drone1'));
    const error = await connect(tokens.issue('ground', 'drone1')).then(
      () => undefined,
      (refusal: Error & { data?: { code: string } }) => refusal,
    );
    expect(error?.data?.code).toBe('INVALID_STATE');
    expect(error?.message).toMatch(/already connected/);
    expect(agent.connected).toBe(true);
    // Another drone's agent is another matter.
    await expect(connect(tokens.issue('ground', 'drone2'))).resolves.toBeDefined();
  });

  it('lets a new agent in once the first is gone', async () => {
    const first = await connect(tokens.issue('ground', 'drone1'));
    first.disconnect();
    await expect.poll(async () => (await io.fetchSockets()).length).toBe(0);
    await expect(connect(tokens.issue('ground', 'drone1'))).resolves.toBeDefined();
  });

  it('replaces an agent silent past the heartbeat (its network dropped) with the new one', async () => {
    const silent = await connect(tokens.issue('ground', 'drone1'));
    const dropped = new Promise<void>((resolve) => silent.once('disconnect', () => resolve()));
    clock += 7000;
    await expect(connect(tokens.issue('ground', 'drone1'))).resolves.toBeDefined();
    await dropped;
  });
});

describe('people\'s access links through signaling', () => {
  it('lets the console issue a link and revoke it: its holder is told why, dropped, and refused after', async () => {
    const console_ = await connect(tokens.issue('console', 'drone1'));
    const changes: unknown[] = [];
    console_.on('links:changed', (change: unknown) => changes.push(change));
    const issued = (await console_.timeout(2000).emitWithAck('links:issue', { role: 'viewer', name: 'Alice', ttlHours: 1 })) as {
      ok: boolean;
      data: { link: { id: string }; token: string; url: string };
    };
    expect(issued.ok).toBe(true);
    expect(issued.data.url).toBe(`https://10.0.0.5:8443/?token=${issued.data.token}`);
    const alice = await connect(issued.data.token);
    const closing = new Promise<unknown>((resolve) => alice.once('session:closing', resolve));
    const dropped = new Promise<string>((resolve) => alice.once('disconnect', resolve));

    const viewer = await connect(tokens.issue('viewer', 'drone1'));
    const refused = (await viewer.timeout(2000).emitWithAck('links:revoke', { id: issued.data.link.id })) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(((await console_.timeout(2000).emitWithAck('links:revoke', { id: issued.data.link.id })) as { ok: boolean }).ok).toBe(true);
    expect(await closing).toMatchObject({ reason: expect.stringMatching(/revoked/), restartExpected: false });
    expect(await dropped).toBe('io server disconnect');
    await expect(connect(issued.data.token)).rejects.toThrow(/revoked/);
    await expect.poll(() => changes.length).toBe(2);
    expect(changes.at(-1)).toMatchObject({ links: [{ name: 'Alice', revokedAt: expect.any(Number) }] });
  });
});

describe('sockets per address', () => {
  it('refuses past its share from one address, forged tokens counted only while they knock, and frees a place on disconnect', async () => {
    const forged = new TokenIssuer(randomBytes(32)).issue('viewer', 'drone1');
    for (let i = 0; i < 3; i++) await expect(connect(forged)).rejects.toThrow();
    const held = await Promise.all(Array.from({ length: 6 }, () => connect(tokens.issue('viewer', 'drone1'))));
    const refused = await connect(tokens.issue('viewer', 'drone1')).then(
      () => undefined,
      (error: Error & { data?: { code: string } }) => error,
    );
    expect(refused?.data?.code).toBe('RATE_LIMITED');
    expect(refused?.message).toMatch(/too many connections from/);
    held[0]!.disconnect();
    await expect.poll(async () => (await io.fetchSockets()).length).toBe(5);
    await expect(connect(tokens.issue('viewer', 'drone1'))).resolves.toBeDefined();
  });
});
