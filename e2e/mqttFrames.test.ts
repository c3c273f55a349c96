import fs from 'node:fs';
import mqtt from 'mqtt';
import sharp from 'sharp';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort, startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { decodeJpegFrame, frameRelayEvents, framesNamespace, mqttTopics, type JpegFrameHeader } from '@dronecast/protocol';
import { tokenOf } from './support/signalingClient.ts';

/** Each test runs its own stack and stops it: three at once would starve two cores. */
async function withStack(options: Parameters<typeof startLoopbackStack>[0], run: (stack: LoopbackStack) => Promise<void>): Promise<void> {
  const stack = await startLoopbackStack(options);
  try {
    await run(stack);
  } finally {
    await stack.stop();
  }
}

/** Whether the server accepts a WebSocket handshake for MQTT on /mqtt (within 5 s). */
function mqttWebSocketAccepted(stack: LoopbackStack): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`wss://127.0.0.1:${stack.port}/mqtt`, 'mqtt', { ca: caOf(stack) });
    const done = (accepted: boolean): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(accepted);
    };
    const timer = setTimeout(() => done(false), 5000);
    socket.once('open', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

function caOf(stack: LoopbackStack): string {
  return fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8');
}

/** Counts websocket JPEG frames a viewer receives over `ms`, from its first frame on. */
async function websocketFrames(stack: LoopbackStack, ms: number): Promise<number> {
  const socket = io(`${stack.origin}${framesNamespace}`, { auth: { token: tokenOf(stack.viewerUrl) }, transports: ['websocket'], ca: caOf(stack) });
  let frames = 0;
  const first = new Promise((resolve) => socket.once(frameRelayEvents.frame, resolve));
  socket.on(frameRelayEvents.frame, () => frames++);
  try {
    await socket.timeout(10_000).emitWithAck(frameRelayEvents.subscribe, {});
    await first;
    frames = 0;
    await new Promise((r) => setTimeout(r, ms));
    return frames;
  } finally {
    socket.disconnect();
  }
}

describe('MQTT: the embedded broker in the SFU, the ground agent publishing', () => {
  it('delivers JPEG frames and retained telemetry to a viewer over MQTT-over-WebSocket', async () => {
    await withStack({}, async (stack) => {
      const client = await mqtt.connectAsync(`wss://127.0.0.1:${stack.port}/mqtt`, {
        username: 'viewer',
        password: tokenOf(stack.viewerUrl),
        ca: caOf(stack),
        reconnectPeriod: 0,
      });
      const frames: { header: JpegFrameHeader; jpeg: Uint8Array }[] = [];
      let telemetry: unknown;
      let forgedSeen = false;
      client.on('message', (topic, payload) => {
        if (payload.toString('utf8') === 'forged') forgedSeen = true;
        else if (topic === mqttTopics.videoJpeg('drone1')) frames.push(decodeJpegFrame(new Uint8Array(payload)));
        if (topic === mqttTopics.telemetry('drone1')) telemetry = JSON.parse(payload.toString('utf8'));
      });
      try {
        await client.subscribeAsync([mqttTopics.videoJpeg('drone1'), mqttTopics.telemetry('drone1')]);
        await expect.poll(() => frames.length, { timeout: 20_000 }).toBeGreaterThan(10);
        const meta = await sharp(frames.at(-1)!.jpeg).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 480]);
        await expect.poll(() => telemetry, { timeout: 10_000 }).toMatchObject({ state: expect.any(String), linkLost: false });
        // A viewer may watch but not publish: its message never arrives (the broker drops the client).
        await client.publishAsync(mqttTopics.videoJpeg('drone1'), Buffer.from('forged')).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
        expect(forgedSeen).toBe(false);
      } finally {
        await client.endAsync();
      }
    });
  }, 60_000);
});

describe('without a broker: sockets-only mode and a broker that is down', () => {
  it('--no-mqtt runs no broker at all, and websocket frames still flow', async () => {
    await withStack({ mqtt: { kind: 'none' } }, async (stack) => {
      expect(await mqttWebSocketAccepted(stack)).toBe(false);
      expect(await websocketFrames(stack, 2000)).toBeGreaterThan(10);
    });
    // The same probe is accepted when the embedded broker runs: the check above can fail.
    await withStack({}, async (stack) => expect(await mqttWebSocketAccepted(stack)).toBe(true));
  }, 90_000);

  it('an unreachable external broker is reported clearly while WebRTC and websocket carry on', async () => {
    const deadPort = await freePort();
    await withStack({ mqtt: { kind: 'external', url: `mqtt://127.0.0.1:${deadPort}` } }, async (stack) => {
      expect(await websocketFrames(stack, 2000)).toBeGreaterThan(10);
      await expect.poll(async () => (await stack.logs()).match(/MQTT broker .* unavailable/g)?.length ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      // Said once per outage, not once per retry.
      expect((await stack.logs()).match(/MQTT broker .* unavailable/g)?.length).toBe(1);
      expect(await stack.logs()).toMatch(/publishing drone-camera/);
    });
  }, 60_000);
});
