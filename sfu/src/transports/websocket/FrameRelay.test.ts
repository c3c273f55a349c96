import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeJpegFrame, encodeJpegFrame, frameRelayEvents, framesNamespace, type Ack, type Role } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { TokenIssuer } from '../../auth/TokenIssuer.ts';
import { availableTransports } from '../availableTransports.ts';
import type { Drones } from '../../drone/Drones.ts';
import { quietDrones } from '../../testing/quietDrones.ts';
import { FrameRelay } from './FrameRelay.ts';

const tokens = new TokenIssuer(randomBytes(32));
// Connection chatter off; refusals still show.
process.env.DRONECAST_LOG ??= 'warn';
const logger = createLogger('test');
let http: HttpServer;
let server: Server;
let relay: FrameRelay;
let switches: Drones;
let port: number;
const clients: ClientSocket[] = [];

beforeEach(async () => {
  http = createServer();
  // As the SFU's signaling server does: the relay shares its socket.io server.
  server = new Server(http, { maxHttpBufferSize: 1_000_000, serveClient: false });
  switches = quietDrones(availableTransports({ kind: 'embedded' }));
  relay = new FrameRelay(server, { tokens, logger: logger.child('frames'), switches });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as AddressInfo).port;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  relay.close();
  await new Promise<void>((resolve) => void server.close(() => resolve()));
});

function socketFor(token: string): ClientSocket {
  const socket = connectClient(`http://127.0.0.1:${port}${framesNamespace}`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(socket);
  return socket;
}

async function connect(role: Role, drone = 'd1'): Promise<ClientSocket> {
  const socket = socketFor(tokens.issue(role, drone));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

function ask(socket: ClientSocket, event: string, ...payload: unknown[]): Promise<Ack<unknown>> {
  return socket.timeout(2000).emitWithAck(event, ...payload) as Promise<Ack<unknown>>;
}

async function subscribed(role: Role = 'viewer', drone = 'd1'): Promise<{ socket: ClientSocket; frames: Uint8Array[] }> {
  const socket = await connect(role, drone);
  const frames: Uint8Array[] = [];
  socket.on(frameRelayEvents.frame, (message: Uint8Array) => void frames.push(message));
  expect(await ask(socket, frameRelayEvents.subscribe, {})).toEqual({ ok: true, data: { subscribed: true } });
  return { socket, frames };
}

/** A frame message with `size` bytes of stand-in JPEG: the relay forwards bytes, it does not decode pictures. */
function frameMessage(frameNumber: number, size = 1000): Uint8Array {
  return encodeJpegFrame({ frameNumber, captureTimeMs: Date.now(), width: 640, height: 480 }, randomBytes(size));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
}

function demandsOf(socket: ClientSocket): number[] {
  const demands: number[] = [];
  socket.on(frameRelayEvents.demand, ({ subscribers }: { subscribers: number }) => void demands.push(subscribers));
  return demands;
}

describe('FrameRelay', () => {
  it('refuses sockets without a token it issued', async () => {
    const socket = socketFor(new TokenIssuer(randomBytes(32)).issue('viewer', 'd1'));
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve));
    expect(error.data?.code).toBe('UNAUTHENTICATED');
  });

  it("forwards the ground agent's frames, byte for byte, to the phones of that drone that subscribed", async () => {
    const ground = await connect('ground');
    const viewer = await subscribed('viewer');
    const pilot = await subscribed('pilot');
    const otherDrone = await subscribed('viewer', 'd2');
    const idle = await connect('viewer');
    const idleFrames: unknown[] = [];
    idle.on(frameRelayEvents.frame, (message: unknown) => void idleFrames.push(message));

    const sent = [frameMessage(0), frameMessage(1), frameMessage(2)];
    for (const message of sent) {
      ground.emit(frameRelayEvents.frame, message);
      await sleep(20);
    }
    await until(() => viewer.frames.length === 3 && pilot.frames.length === 3);
    await sleep(100);

    expect(viewer.frames.map((m) => Buffer.from(m))).toEqual(sent.map((m) => Buffer.from(m)));
    expect(pilot.frames.map((m) => decodeJpegFrame(m).header.frameNumber)).toEqual([0, 1, 2]);
    expect(otherDrone.frames).toEqual([]);
    expect(idleFrames).toEqual([]);
    expect(relay.stats('d1').received).toBe(3);
  });

  it('tells the ground agent how many phones watch, on connect and on every change', async () => {
    const ground = await connect('ground');
    const demands = demandsOf(ground);
    const already = await subscribed();
    await until(() => demands.length === 1);
    const second = await subscribed('pilot');
    await until(() => demands.length === 2);
    await ask(already.socket, frameRelayEvents.unsubscribe, {});
    await until(() => demands.length === 3);
    second.socket.disconnect();
    await until(() => demands.length === 4);
    expect(demands).toEqual([1, 2, 1, 0]);

    const lateGround = await connect('ground');
    const lateDemands = demandsOf(lateGround);
    lateGround.disconnect().connect();
    await until(() => lateDemands.length === 1);
    expect(lateDemands).toEqual([0]);
  });

  it('stops delivering after unsubscribe', async () => {
    const ground = await connect('ground');
    const viewer = await subscribed();
    ground.emit(frameRelayEvents.frame, frameMessage(0));
    await until(() => viewer.frames.length === 1);
    expect(await ask(viewer.socket, frameRelayEvents.unsubscribe, {})).toEqual({ ok: true, data: { subscribed: false } });
    ground.emit(frameRelayEvents.frame, frameMessage(1));
    await sleep(200);
    expect(viewer.frames).toHaveLength(1);
    expect(relay.subscriberCount('d1')).toBe(0);
  });

  it('does not let a viewer or pilot publish frames', async () => {
    const watcher = await subscribed();
    const viewer = await connect('viewer');
    const pilot = await connect('pilot');
    expect(await ask(viewer, frameRelayEvents.frame, frameMessage(0))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    pilot.emit(frameRelayEvents.frame, frameMessage(1));
    await sleep(200);
    expect(watcher.frames).toEqual([]);
    expect(relay.stats().refused).toBe(2);
    expect(pilot.connected && viewer.connected).toBe(true);
  });

  it('validates subscriptions: only watching roles, an empty payload, an acknowledgement', async () => {
    const ground = await connect('ground');
    const viewer = await connect('viewer');
    expect(await ask(ground, frameRelayEvents.subscribe, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ask(viewer, frameRelayEvents.subscribe, { drone: 'd2' })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await ask(viewer, frameRelayEvents.subscribe)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await ask(viewer, 'frames:everything', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    viewer.emit(frameRelayEvents.subscribe, {});
    await sleep(100);
    expect(relay.subscriberCount('d1')).toBe(0);
  });

  it('drops malformed and oversized frames with the connection kept, and relays the next good one', async () => {
    const ground = await connect('ground');
    const viewer = await subscribed();
    ground.emit(frameRelayEvents.frame, 'not binary');
    ground.emit(frameRelayEvents.frame, new Uint8Array(100));
    ground.emit(frameRelayEvents.frame, frameMessage(0).subarray(0, 500));
    ground.emit(frameRelayEvents.frame, frameMessage(1), frameMessage(2));
    ground.emit(frameRelayEvents.frame, frameMessage(3, 950_000));
    ground.emit(frameRelayEvents.frame, frameMessage(4));
    await until(() => viewer.frames.length === 1);
    await sleep(100);
    expect(viewer.frames.map((m) => decodeJpegFrame(m).header.frameNumber)).toEqual([4]);
    expect(relay.stats().refused).toBe(5);
    expect(ground.connected).toBe(true);
  });

  it('drops frames for a phone that stops reading, without slowing the others or queueing for it', async () => {
    const ground = await connect('ground');
    const fast = await subscribed();
    const arrivals: number[] = [];
    fast.socket.on(frameRelayEvents.frame, () => void arrivals.push(performance.now()));
    const slow = await pausedSubscriber(tokens.issue('viewer', 'd1'));
    await until(() => relay.subscriberCount('d1') === 2);

    // 120 frames of 300 kB: 36 MB, well past what the loopback socket buffers absorb. Each is sent
    // once the reading phone has the one before: a relay that waited for the stalled phone would
    // stall here, and one that queued for it would hold more than a frame, however fast the machine.
    const total = 120;
    let maxQueued = 0;
    const slowStats = () => relay.stats('d1').subscribers.find((s) => s.socketId === slow.sid);
    for (let i = 0; i < total; i++) {
      ground.emit(frameRelayEvents.frame, frameMessage(i, 300_000));
      maxQueued = Math.max(maxQueued, slowStats()?.queuedPackets ?? 0);
      await until(() => fast.frames.length === i + 1, 5000);
      maxQueued = Math.max(maxQueued, slowStats()?.queuedPackets ?? 0);
    }
    expect(relay.stats('d1').received).toBe(total);
    const slowAfter = slowStats();
    const fastFps = ((arrivals.length - 1) * 1000) / ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0));
    console.info(`fast phone: ${fast.frames.length}/${total} frames at ${fastFps.toFixed(1)} fps; slow phone: sent ${slowAfter?.sent}, dropped ${slowAfter?.dropped}, most queued packets ${maxQueued}, ws buffered ${slow.bufferedBytes()} bytes`);

    expect(fast.frames.map((m) => decodeJpegFrame(m).header.frameNumber)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(slowAfter?.dropped).toBeGreaterThan(total / 2);
    expect((slowAfter?.sent ?? 0) + (slowAfter?.dropped ?? 0)).toBe(total);
    // At most one frame waits behind the one being written: its socket.io header and attachment packets.
    expect(maxQueued).toBeLessThanOrEqual(2);
    // What ws holds for the stalled phone beyond the kernel: at most the frame being written.
    expect(slow.bufferedBytes()).toBeLessThanOrEqual(2 * 300_100);
    slow.close();
  });

  it('while the console has websocket video off, drops the watching phones with the reason and refuses new ones; back on, they may subscribe again', async () => {
    const ground = await connect('ground');
    const demands = demandsOf(ground);
    const viewer = await subscribed('viewer');
    const pilot = await subscribed('pilot');
    const otherDrone = await subscribed('viewer', 'd2');
    await until(() => demands.at(-1) === 2);
    const stopped: unknown[] = [];
    viewer.socket.on(frameRelayEvents.stopped, (payload: unknown) => void stopped.push(payload));

    switches.get('d1').transports.set({ role: 'console' }, { websocket: false });
    await until(() => stopped.length === 1 && demands.at(-1) === 0);
    expect(stopped).toEqual([{ reason: 'the ground station switched websocket video off' }]);
    expect(relay.subscriberCount('d1')).toBe(0);
    // Another drone's video is not affected.
    (await connect('ground', 'd2')).emit(frameRelayEvents.frame, frameMessage(7));
    await until(() => otherDrone.frames.length === 1);
    ground.emit(frameRelayEvents.frame, frameMessage(0));
    // The relay counts frames from every drone: the other drone's one and this one.
    await until(() => relay.stats().received === 2);
    await sleep(100);
    expect(viewer.frames).toEqual([]);
    expect(pilot.frames).toEqual([]);
    // The sockets stay (only the subscription ended), the ground agent's included.
    expect(viewer.socket.connected && ground.connected).toBe(true);
    expect(await ask(pilot.socket, frameRelayEvents.subscribe, {})).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'the ground station switched websocket video off' },
    });
    expect(relay.subscriberCount('d1')).toBe(0);

    switches.get('d1').transports.set({ role: 'console' }, { websocket: true });
    expect(await ask(pilot.socket, frameRelayEvents.subscribe, {})).toEqual({ ok: true, data: { subscribed: true } });
    await until(() => demands.at(-1) === 1);
    ground.emit(frameRelayEvents.frame, frameMessage(1));
    await until(() => pilot.frames.length === 1);
  });

  it('leaves everything alone when only MQTT is switched off', async () => {
    const viewer = await subscribed('viewer');
    const stopped: unknown[] = [];
    viewer.socket.on(frameRelayEvents.stopped, (payload: unknown) => void stopped.push(payload));
    switches.get('d1').transports.set({ role: 'console' }, { mqtt: false });
    await sleep(100);
    expect(stopped).toEqual([]);
    expect(relay.subscriberCount('d1')).toBe(1);
  });
});

/**
 * A phone that subscribes and then stops reading its socket, as on a congested mobile link: a
 * raw engine.io/socket.io websocket client, so that reading can be paused.
 */
async function pausedSubscriber(token: string): Promise<{ sid: string; close(): void; bufferedBytes(): number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  const texts: string[] = [];
  ws.on('message', (data, isBinary) => void (isBinary ? undefined : texts.push(data.toString())));
  await new Promise((resolve) => ws.once('open', resolve));
  await until(() => texts.some((t) => t.startsWith('0{')));
  ws.send(`40${framesNamespace},${JSON.stringify({ token })}`);
  await until(() => texts.some((t) => t.startsWith(`40${framesNamespace},`)));
  ws.send(`42${framesNamespace},1${JSON.stringify([frameRelayEvents.subscribe, {}])}`);
  await until(() => texts.some((t) => t.startsWith(`43${framesNamespace},1[{"ok":true`)));
  ws.pause();
  const connected = texts.find((t) => t.startsWith(`40${framesNamespace},`)) ?? '';
  const { sid } = JSON.parse(connected.slice(`40${framesNamespace},`.length)) as { sid: string };
  return {
    sid,
    close: () => ws.terminate(),
    /** Bytes the server's ws holds for this phone, not yet taken by the kernel. */
    bufferedBytes: () => {
      const transport = server.of(framesNamespace).sockets.get(sid)?.conn.transport as unknown as { socket?: { bufferedAmount: number } } | undefined;
      return transport?.socket?.bufferedAmount ?? 0;
    },
  };
}
