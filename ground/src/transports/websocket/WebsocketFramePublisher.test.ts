import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeJpegFrame, frameRelayEvents, framesNamespace, type Ack, type Role } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
// The SFU's real relay: these tests cover the ground agent and the SFU talking over loopback.
import { FrameRelay, TokenIssuer } from '@dronecast/sfu/testing';
import { SimulatedTimers } from '../../time/testing/SimulatedTimers.ts';
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
async function groundAgent(source: VideoSource, encoder = new JpegEncoder(70), maxFps?: number, now?: () => number) {
  const socket = await connected(connectFrameSocket({ url, token: tokens.issue('ground', 'd1') }));
  const publisher = new WebsocketFramePublisher({ source, encoder, socket, logger, maxFps, now });
  cleanups.push(() => publisher.close());
  return { socket, publisher };
}

async function testPattern(format = { width: 320, height: 240, fps: 30 }, timers?: SimulatedTimers): Promise<TestPatternSource> {
  // On simulated time the frames are stamped with it too (as epoch ms), so rates read from the stamps are exact.
  const source = new TestPatternSource({ format, timers, clock: timers && (() => 1_700_000_000_000 + timers.now()) });
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
    const timers = new SimulatedTimers();
    const source = await testPattern(undefined, timers);
    const encoder = new JpegEncoder(70);
    const encode = vi.spyOn(encoder, 'encode');
    const { publisher } = await groundAgent(source, encoder, 15, timers.now);
    const viewer = await phone();
    expect(await viewer.subscribe()).toEqual({ ok: true, data: { subscribed: true } });
    await until(() => publisher.stats.subscribers === 1);
    // 2 s of the 30 fps source (60 frames), one frame at a time (steps end between frames), each
    // given the time it needs to be encoded and reach the phone: the cap alone decides, on simulated time.
    const settled = () => encode.mock.calls.length === publisher.stats.sent && viewer.frames.length === publisher.stats.sent;
    timers.advance(1000 / 60);
    for (let i = 1; i < 60; i++) {
      await until(settled);
      timers.advance(1000 / 30);
    }
    await until(settled);
    expect(viewer.frames).toHaveLength(30);

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
    expect(fps).toBeCloseTo(15, 1);
    expect(publisher.stats).toMatchObject({ sent: 30, skippedRate: 30, skippedBusy: 0, skippedBacklog: 0 });
  });

  it('encodes nothing while nobody watches, and stops again after the last unsubscribe', async () => {
    const timers = new SimulatedTimers();
    const source = await testPattern(undefined, timers);
    const encoder = new JpegEncoder(70);
    const encode = vi.spyOn(encoder, 'encode');
    const { publisher, socket } = await groundAgent(source, encoder, undefined, timers.now);
    const demands: number[] = [];
    socket.on(frameRelayEvents.demand, ({ subscribers }: { subscribers: number }) => void demands.push(subscribers));
    const viewer = await phone();
    // 2 s of frames with a phone connected but not watching.
    timers.advance(2000);
    expect(encode).not.toHaveBeenCalled();
    expect(publisher.stats.sent).toBe(0);

    await viewer.subscribe();
    await until(() => publisher.stats.subscribers === 1);
    // A frame at a time, each let through given the time to be encoded and reach the phone: none is under way after.
    for (let i = 0; i < 30 && viewer.frames.length < 3; i++) {
      timers.advance(1000 / 30);
      await until(() => encode.mock.calls.length === publisher.stats.sent && viewer.frames.length === publisher.stats.sent);
    }
    expect(viewer.frames).toHaveLength(3);
    await viewer.unsubscribe();
    await until(() => demands.at(-1) === 0);
    timers.advance(2000);
    expect(encode).toHaveBeenCalledTimes(3);
    expect(publisher.stats).toMatchObject({ sent: 3, subscribers: 0 });
  });

  it('skips frames while the previous encode runs instead of queueing them, and honours a live maxFps change', async () => {
    const timers = new SimulatedTimers();
    const source = new EventEmitter<VideoSourceEvents>() as unknown as VideoSource;
    const encoder = new JpegEncoder(70);
    const realEncode = encoder.encode.bind(encoder);
    let finishEncoding!: () => void;
    const slow = new Promise<void>((resolve) => (finishEncoding = resolve));
    const encode = vi.spyOn(encoder, 'encode').mockImplementation(async (frame) => {
      await slow; // an encode that takes as long as the test says
      return realEncode(frame);
    });
    const { publisher } = await groundAgent(source, encoder, 100, timers.now);
    const viewer = await phone();
    await viewer.subscribe();
    await until(() => publisher.stats.subscribers === 1);

    const data = new Uint8Array(i420Size(64, 48)).fill(128);
    const frame = (frameNumber: number): VideoFrame => ({ width: 64, height: 48, data, captureTimeMs: Date.now(), frameNumber });
    // 20 frames 20 ms apart (the 100 fps cap lets each through) while the first is being encoded.
    for (let i = 0; i < 20; i++) {
      source.emit('frame', frame(i));
      timers.advance(20);
    }
    expect(encode).toHaveBeenCalledTimes(1);
    expect(publisher.stats).toMatchObject({ sent: 0, skippedBusy: 19, skippedRate: 0 });
    finishEncoding();
    await until(() => viewer.frames.length === 1);
    // Nothing was queued behind it: the skipped frames are gone for good.
    expect(encode).toHaveBeenCalledTimes(1);
    expect(viewer.frames.map(({ message }) => decodeJpegFrame(message).header.frameNumber)).toEqual([0]);

    encode.mockImplementation(realEncode);
    publisher.setMaxFps(5);
    // 30 frames 20 ms apart (0.6 s), each given the time it needs to be encoded and reach the phone.
    for (let i = 20; i < 50; i++) {
      source.emit('frame', frame(i));
      await until(() => encode.mock.calls.length === publisher.stats.sent && viewer.frames.length === publisher.stats.sent);
      timers.advance(20);
    }
    // At 5 fps from the first frame on: 0, 100 (half an interval of credit), 300 and 500 ms.
    expect(viewer.frames.map(({ message }) => decodeJpegFrame(message).header.frameNumber)).toEqual([0, 20, 25, 35, 45]);
    expect(publisher.stats).toMatchObject({ sent: 5, skippedBusy: 19, skippedRate: 26, skippedBacklog: 0 });
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
