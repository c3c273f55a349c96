import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, decodeJpegFrame, frameRelayEvents, framesNamespace, type Ack, type Role } from '@dronecast/protocol';
// The SFU's real relay: these tests cover the ground agent and the SFU talking over loopback.
import { TokenIssuer } from '../../../../sfu/src/auth/TokenIssuer.ts';
import { FrameRelay } from '../../../../sfu/src/transports/websocket/FrameRelay.ts';
import { JpegEncoder } from '../../video/encoders/JpegEncoder.ts';
import { i420Size, type VideoFrame } from '../../video/VideoFrame.ts';
import type { VideoSource, VideoSourceEvents } from '../../video/VideoSource.ts';
import { TestPatternSource } from '../../video/sources/TestPatternSource.ts';
import { connectFrameSocket } from './connectFrameSocket.ts';
import { WebsocketFramePublisher } from './WebsocketFramePublisher.ts';

process.env.DRONECAST_LOG ??= 'warn';
const logger = createLogger('test');
const tokens = new TokenIssuer(randomBytes(32));
let http: HttpServer;
let server: Server;
let relay: FrameRelay;
let url: string;
const cleanups: (() => unknown)[] = [];

beforeEach(async () => {
  http = createServer();
  server = new Server(http, { maxHttpBufferSize: 1_000_000, serveClient: false });
  relay = new FrameRelay(server, { tokens, logger: logger.child('frames') });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  relay.close();
  await new Promise<void>((resolve) => void server.close(() => resolve()));
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
}

async function connected(socket: Socket): Promise<Socket> {
  cleanups.push(() => socket.disconnect());
  if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

/** The ground agent's side: a source, the shared encoder, a publisher on its frames socket. */
async function groundAgent(source: VideoSource, encoder = new JpegEncoder(70), maxFps?: number) {
  const socket = await connected(connectFrameSocket({ url, token: tokens.issue('ground', 'd1') }));
  const publisher = new WebsocketFramePublisher({ source, encoder, socket, logger, maxFps });
  cleanups.push(() => publisher.close());
  return { socket, publisher };
}

async function testPattern(format = { width: 320, height: 240, fps: 30 }): Promise<TestPatternSource> {
  const source = new TestPatternSource({ format });
  await source.start();
  cleanups.push(() => source.stop());
  return source;
}

/** A phone: subscribes and collects the frame messages. */
async function phone(role: Role = 'viewer') {
  const socket = await connected(connectClient(`${url}${framesNamespace}`, { auth: { token: tokens.issue(role, 'd1') }, transports: ['websocket'], forceNew: true }));
  const frames: { message: Uint8Array; at: number }[] = [];
  socket.on(frameRelayEvents.frame, (message: Uint8Array) => void frames.push({ message, at: performance.now() }));
  const ask = (event: string) => socket.timeout(2000).emitWithAck(event, {}) as Promise<Ack<unknown>>;
  return { socket, frames, subscribe: () => ask(frameRelayEvents.subscribe), unsubscribe: () => ask(frameRelayEvents.unsubscribe) };
}

describe('WebsocketFramePublisher', () => {
  it('sends JPEG frames of the source size, numbered in order, at no more than maxFps', async () => {
    const source = await testPattern();
    const { publisher } = await groundAgent(source, new JpegEncoder(70), 15);
    const viewer = await phone();
    expect(await viewer.subscribe()).toEqual({ ok: true, data: { subscribed: true } });
    await until(() => viewer.frames.length >= 30, 5000);

    const decoded = viewer.frames.map(({ message }) => decodeJpegFrame(message));
    const numbers = decoded.map((d) => d.header.frameNumber);
    expect(numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? Infinity))).toBe(true);
    for (const { header, jpeg } of decoded.slice(0, 5)) {
      expect([header.width, header.height]).toEqual([320, 240]);
      const metadata = await sharp(jpeg).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 320, 240]);
    }
    // Rate by capture time: what the cap decides on, free of delivery jitter.
    const span = (decoded.at(-1)?.header.captureTimeMs ?? 0) - (decoded[0]?.header.captureTimeMs ?? 0);
    const fps = ((decoded.length - 1) * 1000) / span;
    console.info(`JPEG over websocket: ${fps.toFixed(1)} fps from a 30 fps source capped at 15; publisher ${JSON.stringify(publisher.stats)}`);
    expect(fps).toBeGreaterThan(12);
    expect(fps).toBeLessThanOrEqual(15.5);
  });

  it('encodes nothing while nobody watches, and stops again after the last unsubscribe', async () => {
    const source = await testPattern();
    const encoder = new JpegEncoder(70);
    const encode = vi.spyOn(encoder, 'encode');
    const { publisher, socket } = await groundAgent(source, encoder);
    const demands: number[] = [];
    socket.on(frameRelayEvents.demand, ({ subscribers }: { subscribers: number }) => void demands.push(subscribers));
    const viewer = await phone();
    await sleep(400);
    expect(encode).not.toHaveBeenCalled();
    expect(publisher.stats.sent).toBe(0);

    await viewer.subscribe();
    await until(() => viewer.frames.length >= 3);
    await viewer.unsubscribe();
    await until(() => demands.at(-1) === 0);
    const calls = encode.mock.calls.length;
    const received = viewer.frames.length;
    await sleep(400);
    expect(encode.mock.calls.length).toBeLessThanOrEqual(calls + 1); // one may have been under way
    expect(viewer.frames.length).toBeLessThanOrEqual(received + 1);
    expect(publisher.stats.subscribers).toBe(0);
  });

  it('skips frames while the previous encode runs instead of queueing them, and honours a live maxFps change', async () => {
    const source = new EventEmitter<VideoSourceEvents>() as unknown as VideoSource;
    const encoder = new JpegEncoder(70);
    let running = 0;
    let overlapped = false;
    const slowEncode = encoder.encode.bind(encoder);
    vi.spyOn(encoder, 'encode').mockImplementation(async (frame) => {
      overlapped ||= running > 0;
      running++;
      await sleep(100);
      running--;
      return slowEncode(frame);
    });
    const { publisher } = await groundAgent(source, encoder, 100);
    const viewer = await phone();
    await viewer.subscribe();
    await until(() => publisher.stats.subscribers === 1);

    const data = new Uint8Array(i420Size(64, 48)).fill(128);
    const frame = (frameNumber: number): VideoFrame => ({ width: 64, height: 48, data, captureTimeMs: Date.now(), frameNumber });
    for (let i = 0; i < 20; i++) {
      source.emit('frame', frame(i));
      await sleep(20);
    }
    await sleep(200);
    expect(overlapped).toBe(false);
    expect(publisher.stats.skippedBusy).toBeGreaterThanOrEqual(12);
    expect(publisher.stats.sent).toBeLessThanOrEqual(5);
    await until(() => viewer.frames.length === publisher.stats.sent);

    vi.mocked(encoder.encode).mockImplementation(slowEncode);
    publisher.setMaxFps(5);
    const before = publisher.stats.sent;
    for (let i = 20; i < 50; i++) {
      source.emit('frame', frame(i));
      await sleep(20);
    }
    // 30 frames over ~0.6 s at 5 fps: 3 or 4 pass.
    expect(publisher.stats.sent - before).toBeLessThanOrEqual(5);
    expect(publisher.stats.skippedRate).toBeGreaterThan(20);
  });

  it('keeps working across an SFU-side disconnect: demand is announced again on reconnect', async () => {
    const source = await testPattern();
    const { socket, publisher } = await groundAgent(source);
    const viewer = await phone();
    await viewer.subscribe();
    await until(() => viewer.frames.length >= 2);
    server.of(framesNamespace).sockets.get(socket.id ?? '')?.disconnect(true);
    await until(() => publisher.stats.subscribers === 0);
    socket.connect();
    await until(() => publisher.stats.subscribers === 1);
    const before = viewer.frames.length;
    await until(() => viewer.frames.length >= before + 2);
  });
});
