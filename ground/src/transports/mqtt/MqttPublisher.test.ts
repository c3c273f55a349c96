import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@dronecast/launcher';
import { decodeJpegFrame, mqttTopics, type DroneEvent, type Logger, type Telemetry } from '@dronecast/protocol';
// The SFU's broker and tokens, to test the publisher against exactly what it meets in production.
import { EmbeddedBroker, TokenIssuer } from '@dronecast/sfu/testing';
import type { DroneConnection, DroneConnectionEvents } from '../../control/DroneConnection.ts';
import { SimulatedTimers } from '../../time/testing/SimulatedTimers.ts';
import { JpegEncoder } from '../../video/encoders/JpegEncoder.ts';
import { TestPatternSource } from '../../video/sources/TestPatternSource.ts';
import { MqttPublisher } from './MqttPublisher.ts';
import type { DroneFeed, MqttPublisherOptions } from './MqttPublisherTypes.ts';

// DroneConnection is what main.ts passes; keep it a DroneFeed.
const _droneConnectionIsADroneFeed = (connection: DroneConnection): DroneFeed => connection;
void _droneConnectionIsADroneFeed;

const droneId = 'drone1';
const telemetry: Telemetry = {
  state: 'flying', linkLost: false, lat: 52.1, lon: 4.3, altRel: 12, altAbs: 40, groundSpeed: 3, verticalSpeed: 0, heading: 90, roll: 2, pitch: -3,
  battery: { voltage: 12.4, current: 8, remaining: 80 }, flightMode: 'GUIDED', armed: true, gps: { fix: 3, satellites: 12 }, time: 1000,
};
const event: DroneEvent = { type: 'tookOff', message: 'took off to 12 m', time: 1000 };


function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  const logger = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function subscriber(url: string, password: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { username: 'test', password, reconnectPeriod: 0 });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

function nextMessage(client: MqttClient, topic: string): Promise<{ payload: Buffer; retain: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer, packet: { retain: boolean }): void => {
      if (t !== topic) return;
      client.off('message', onMessage);
      resolve({ payload, retain: packet.retain });
    };
    client.on('message', onMessage);
  });
}

/** A real mosquitto on loopback, anonymous, for as long as the tests in this file run. */
async function startMosquitto(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dronecast-mosquitto-'));
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  await writeFile(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child: ChildProcess = spawn('/usr/sbin/mosquitto', ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `mqtt://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await until(() => child.exitCode !== null || canConnect(port), `mosquitto on port ${port}`);
    if (child.exitCode !== null) throw new Error(`mosquitto exited: ${stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

const listening = new Set<number>();
function canConnect(port: number): boolean {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('connect', () => {
    listening.add(port);
    socket.destroy();
  });
  socket.once('error', () => socket.destroy());
  return listening.has(port);
}

interface Broker {
  url: string;
  groundToken: string;
  viewerToken: string;
  stop: () => Promise<void>;
}

async function embeddedBroker(): Promise<Broker> {
  const tokens = new TokenIssuer(randomBytes(32));
  const webServer = http.createServer();
  webServer.listen(0, '127.0.0.1');
  await once(webServer, 'listening');
  const broker = await EmbeddedBroker.start({ tokens, webServer, tcp: { host: '127.0.0.1', port: 0 } });
  return {
    // The ground agent's default: MQTT over WebSocket on the SFU's web server.
    url: `ws://127.0.0.1:${(webServer.address() as net.AddressInfo).port}/mqtt`,
    groundToken: tokens.issue('ground', droneId),
    viewerToken: tokens.issue('viewer', droneId),
    stop: async () => {
      await broker.close();
      webServer.close();
    },
  };
}

async function mosquitto(): Promise<Broker> {
  const { url, stop } = await startMosquitto();
  return { url, groundToken: 'ignored-by-an-anonymous-broker', viewerToken: 'ignored', stop };
}

describe.each([
  ['the embedded broker (WebSocket)', embeddedBroker],
  ['mosquitto (TCP)', mosquitto],
])('MqttPublisher against %s', (_name, startBroker) => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker.stop();
  });

  it('publishes decodable JPEG frames, retained telemetry and events', async () => {
    const source = new TestPatternSource({ format: { width: 320, height: 240, fps: 30 } });
    const drone = new EventEmitter<DroneConnectionEvents>();
    const publisher = new MqttPublisher({ url: broker.url, token: broker.groundToken, droneId, encoder: new JpegEncoder(70), maxFps: 10, logger: recordingLogger() });
    const viewer = await subscriber(broker.url, broker.viewerToken);
    try {
      await viewer.subscribeAsync([mqttTopics.videoJpeg(droneId), mqttTopics.events(droneId)], { qos: 1 });
      publisher.publishVideo(source);
      publisher.mirrorDrone(drone);
      await until(() => publisher.connected, 'the publisher to connect');

      const frameMessage = nextMessage(viewer, mqttTopics.videoJpeg(droneId));
      await source.start();
      const { header, jpeg } = decodeJpegFrame(new Uint8Array((await frameMessage).payload));
      expect([header.width, header.height]).toEqual([320, 240]);
      expect(header.captureTimeMs).toBeGreaterThan(0);
      const meta = await sharp(jpeg).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);

      const eventMessage = nextMessage(viewer, mqttTopics.events(droneId));
      drone.emit('telemetry', telemetry);
      drone.emit('event', event);
      expect(JSON.parse((await eventMessage).payload.toString())).toEqual(event);

      // A viewer arriving later still gets the last telemetry: it is retained.
      const late = await subscriber(broker.url, broker.viewerToken);
      try {
        const retained = nextMessage(late, mqttTopics.telemetry(droneId));
        await late.subscribeAsync(mqttTopics.telemetry(droneId));
        const message = await retained;
        expect(message.retain).toBe(true);
        expect(JSON.parse(message.payload.toString())).toEqual(telemetry);
      } finally {
        await late.endAsync();
      }
    } finally {
      await source.stop();
      await publisher.close();
      await viewer.endAsync();
    }
  });
});

/**
 * A test pattern on simulated time, capped by the publisher on the same clock, through the real
 * JPEG encoder (counted) to a real broker: frames come only when the test moves time on, so the
 * counts below are exact however slow the machine is. Only time is simulated.
 */
function simulatedVideo(options: Pick<MqttPublisherOptions, 'url' | 'token' | 'logger' | 'onWatched'>) {
  const timers = new SimulatedTimers();
  const source = new TestPatternSource({ format: { width: 160, height: 120, fps: 30 }, timers });
  const real = new JpegEncoder(70);
  let encodes = 0;
  const encoder = { encode: (frame: Parameters<JpegEncoder['encode']>[0]) => (encodes++, real.encode(frame)) };
  const publisher = new MqttPublisher({ ...options, droneId, encoder, maxFps: 10, now: timers.now });
  publisher.publishVideo(source);

  /**
   * Moves time on 200 ms (six source frames, at least one past the 10 fps cap's interval) and
   * waits until the frame it let through, if any, is handed to the broker connection. A publisher
   * that is free, connected and not holding back encodes exactly one of them: the first due
   * starts the send, the rest find it busy.
   */
  const nextFrames = async (): Promise<boolean> => {
    const before = encodes;
    timers.advance(200);
    await until(() => publisher.framesPublished === encodes, 'the frame to be handed to the broker');
    return encodes > before;
  };
  /** Steps time on until `done`, for up to 10 s of real time: the broker's messages take their own time. */
  const stepUntil = async (done: (encoded: boolean) => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!done(await nextFrames())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    timers,
    source,
    publisher,
    get encodes(): number {
      return encodes;
    },
    /** Moves time on until the publisher lets no frame through: it has heard that nobody watches. */
    untilHeldBack: (what: string): Promise<void> => stepUntil((encoded) => !encoded, what),
    /** Moves time on until `condition` holds. */
    until: (condition: () => boolean, what: string): Promise<void> => stepUntil(condition, what),
  };
}

describe('MqttPublisher with the embedded broker announcing demand', () => {
  it('encodes nothing while nobody watches, and starts and stops with the viewers, telling onWatched', async () => {
    const broker = await embeddedBroker();
    // What a passthrough camera's decoder follows: it runs only while this says true.
    const watched: boolean[] = [];
    const video = simulatedVideo({ url: broker.url, token: broker.groundToken, logger: recordingLogger(), onWatched: (w) => watched.push(w) });
    const { publisher, timers } = video;
    try {
      await until(() => publisher.connected, 'the publisher to connect');
      await video.source.start();
      // Until the broker's retained count arrives, just after connecting, a frame may be encoded;
      // from then on, with nobody watching, none is: not one of 2 s of frames.
      await video.untilHeldBack("the broker's count of nobody watching");
      const unwatched = video.encodes;
      timers.advance(2000);
      expect(video.encodes).toBe(unwatched);
      expect(watched.at(-1)).toBe(false);

      const viewer = await subscriber(broker.url, broker.viewerToken);
      let received = 0;
      viewer.on('message', (topic) => void (topic === mqttTopics.videoJpeg(droneId) && received++));
      await viewer.subscribeAsync(`dronecast/${droneId}/#`);
      await video.until(() => received > 0, 'a frame to reach the viewer');
      expect(video.encodes).toBeGreaterThan(unwatched);
      expect(watched.at(-1)).toBe(true);
      await viewer.endAsync();
      // The broker's new count arrives a little later; from then on, again, nothing is encoded.
      await video.untilHeldBack("the broker's count after the viewer left");
      const afterLeaving = video.encodes;
      timers.advance(2000);
      expect(video.encodes).toBe(afterLeaving);
      expect(watched.at(-1)).toBe(false);
      // Each change told once, never the same twice in a row.
      expect(watched.every((w, i) => i === 0 || w !== watched[i - 1])).toBe(true);
    } finally {
      await video.source.stop();
      await publisher.close();
      await broker.stop();
    }
  });
});

describe('MqttPublisher with MQTT video switched off at the console, on an external broker (no demand signal)', () => {
  it('encodes and publishes no frame while off, mirrors telemetry all along, and resumes when on', async () => {
    const broker = await mosquitto();
    const drone = new EventEmitter<DroneConnectionEvents>();
    const logger = recordingLogger();
    const video = simulatedVideo({ url: broker.url, token: broker.groundToken, logger });
    const { publisher, timers } = video;
    publisher.mirrorDrone(drone);
    const viewer = await subscriber(broker.url, broker.viewerToken);
    let frames = 0;
    viewer.on('message', (topic) => void (topic === mqttTopics.videoJpeg(droneId) && frames++));
    try {
      await viewer.subscribeAsync([mqttTopics.videoJpeg(droneId), mqttTopics.telemetry(droneId)]);
      await until(() => publisher.connected, 'the publisher to connect');
      await video.source.start();
      // No demand signal here: every step lets one frame through.
      await video.until(() => publisher.framesPublished === 3, 'frames while on');
      expect(video.encodes).toBe(3);
      await until(() => frames === 3, 'the viewer to get them');

      publisher.setVideoSwitchedOff(true);
      expect(publisher.videoPaused).toBe(true);
      timers.advance(2000);
      // Telemetry goes on; the viewer gets it after any frame published before it.
      const sample = nextMessage(viewer, mqttTopics.telemetry(droneId));
      drone.emit('telemetry', telemetry);
      expect(JSON.parse((await sample).payload.toString())).toEqual(telemetry);
      expect([video.encodes, publisher.framesPublished, frames]).toEqual([3, 3, 3]);
      expect(logger.lines.map((l) => l.message)).toContain('the console switched MQTT video off: MQTT frames paused (telemetry and events go on)');

      publisher.setVideoSwitchedOff(false);
      await video.until(() => publisher.framesPublished === 6, 'frames again once on');
      expect(video.encodes).toBe(6);
      await until(() => frames === 6, 'the viewer to get them');
    } finally {
      await video.source.stop();
      await publisher.close();
      await viewer.endAsync();
      await broker.stop();
    }
  });
});

describe('MqttPublisher without a broker', () => {
  it('logs one clear error, never throws, and leaves the video source running', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const source = new TestPatternSource({ format: { width: 160, height: 120, fps: 30 } });
    const drone = new EventEmitter<DroneConnectionEvents>();
    const publisher = new MqttPublisher({ url: `mqtt://127.0.0.1:${port}`, token: 'ground-token', droneId, encoder: new JpegEncoder(70), reconnectPeriodMs: 50, logger });
    publisher.publishVideo(source);
    publisher.mirrorDrone(drone);
    let frames = 0;
    source.on('frame', () => frames++);
    await source.start();
    try {
      const errors = () => logger.lines.filter((l) => l.level === 'error');
      await until(() => errors().length > 0, 'the error to be logged');
      drone.emit('telemetry', telemetry);
      drone.emit('event', event);
      // Several retries later: still one error line, frames still flowing, nothing sent.
      await until(() => logger.lines.filter((l) => l.level === 'debug' && l.message.includes('still unavailable')).length >= 3, 'retries');
      const framesBefore = frames;
      await until(() => frames > framesBefore + 3, 'more frames from the source');
      expect(errors()).toHaveLength(1);
      expect(errors()[0]?.message).toMatch(new RegExp(`MQTT broker mqtt://127.0.0.1:${port}/? unavailable \\(.*ECONNREFUSED.*\\).*WebRTC and the rest of the ground agent carry on`));
      expect(publisher.connected).toBe(false);
      expect(publisher.framesPublished).toBe(0);
    } finally {
      await source.stop();
      await publisher.close();
    }
  });
});

describe('MqttPublisher refused by the embedded broker', () => {
  it('says the broker refused its token, once', async () => {
    const broker = await embeddedBroker();
    const logger = recordingLogger();
    const forged = new TokenIssuer(randomBytes(32)).issue('ground', droneId);
    const publisher = new MqttPublisher({ url: broker.url, token: forged, droneId, encoder: new JpegEncoder(70), reconnectPeriodMs: 50, logger });
    try {
      await until(() => logger.lines.filter((l) => l.level === 'debug').length >= 2, 'retries');
      const errors = logger.lines.filter((l) => l.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toMatch(/unavailable \(Connection refused: Bad username or password: check the ground token\)/);
    } finally {
      await publisher.close();
      await broker.stop();
    }
  });
});
