import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import { Server as SocketIoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@dronecast/launcher';
import { mqttTopics } from '@dronecast/protocol';
import { TokenIssuer } from '../../auth/TokenIssuer.ts';
import { availableTransports } from '../availableTransports.ts';
import type { Drones } from '../../drone/Drones.ts';
import { quietDrones } from '../../testing/quietDrones.ts';
import { EmbeddedBroker } from './EmbeddedBroker.ts';

const tokens = new TokenIssuer(randomBytes(32));
const forger = new TokenIssuer(randomBytes(32));
const ground = tokens.issue('ground', 'drone1');
const viewer = tokens.issue('viewer', 'drone1');
const telemetry = mqttTopics.telemetry('drone1');


/** Connects once, no retries: a refusal is the test's answer, not something to retry. */
function connect(url: string, token: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { username: 'test', password: token, reconnectPeriod: 0, connectTimeout: 5000 });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}

function nextMessage(client: MqttClient): Promise<{ topic: string; payload: string }> {
  return new Promise((resolve) => client.once('message', (topic, payload) => resolve({ topic, payload: payload.toString() })));
}

function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.once('close', () => resolve()));
}

let broker: EmbeddedBroker;
let webServer: http.Server;
let tcpUrl: string;
let wsUrl: string;
const clients: MqttClient[] = [];

async function client(url: string, token: string): Promise<MqttClient> {
  const c = await connect(url, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  webServer = http.createServer((_req, res) => res.end('plain http still works'));
  webServer.listen(0, '127.0.0.1');
  await once(webServer, 'listening');
  const webPort = (webServer.address() as net.AddressInfo).port;
  broker = await EmbeddedBroker.start({ tokens, webServer, tcp: { host: '127.0.0.1', port: await freePort() } });
  tcpUrl = `mqtt://127.0.0.1:${broker.tcpPort}`;
  wsUrl = `ws://127.0.0.1:${webPort}/mqtt`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await broker.close();
  webServer.close();
});

describe.each([
  ['TCP', () => tcpUrl],
  ['WebSocket', () => wsUrl],
])('the embedded broker over %s', (_name, url) => {
  it('delivers what a ground token publishes to a viewer token subscribed to its drone', async () => {
    const subscriber = await client(url(), viewer);
    await subscriber.subscribeAsync(telemetry);
    const publisher = await client(url(), ground);
    const received = nextMessage(subscriber);
    await publisher.publishAsync(telemetry, '{"altRel":12}', { qos: 1 });
    expect(await received).toEqual({ topic: telemetry, payload: '{"altRel":12}' });
  });

  it('refuses a publish from a viewer token: the broker drops the client and delivers nothing', async () => {
    const subscriber = await client(url(), viewer);
    await subscriber.subscribeAsync(telemetry);
    const received: string[] = [];
    subscriber.on('message', (_topic, payload) => received.push(payload.toString()));
    const intruder = await client(url(), viewer);
    const dropped = closed(intruder);
    intruder.publish(telemetry, 'fake telemetry', { qos: 1 });
    await dropped;
    // The refused publish was handled before the drop, so had it been delivered it would be first.
    const publisher = await client(url(), ground);
    const marker = nextMessage(subscriber);
    await publisher.publishAsync(telemetry, 'real telemetry', { qos: 1 });
    await marker;
    expect(received).toEqual(['real telemetry']);
  });

  it('refuses a forged token, a missing token and garbage at connect', async () => {
    await expect(connect(url(), forger.issue('ground', 'drone1'))).rejects.toThrow(/Bad username or password/);
    await expect(connect(url(), '')).rejects.toThrow(/Bad username or password/);
    await expect(connect(url(), 'not.a-token')).rejects.toThrow(/Bad username or password/);
  });

  it("refuses another drone's topics and wildcards that reach beyond its own drone", async () => {
    const subscriber = await client(url(), viewer);
    // A refused subscription comes back as SUBACK 0x80, which mqtt.js reports as a subscribe error.
    for (const filter of [mqttTopics.telemetry('drone2'), 'dronecast/+/telemetry', '#', '$SYS/#']) {
      await expect(subscriber.subscribeAsync(filter)).rejects.toThrow(/Subscribe error/);
    }
    expect((await subscriber.subscribeAsync('dronecast/drone1/#')).map((g) => g.qos)).toEqual([0]);
    const publisher = await client(url(), ground);
    const dropped = closed(publisher);
    publisher.publish(mqttTopics.telemetry('drone2'), 'wrong drone', { qos: 1 });
    await dropped;
  });
});

describe('the embedded broker while the console switches MQTT video off and on', () => {
  const video = mqttTopics.videoJpeg('drone1');
  const consoleRole = { role: 'console' } as const;
  let switches: Drones;
  let own: EmbeddedBroker;
  let url: string;

  beforeAll(async () => {
    switches = quietDrones(availableTransports({ kind: 'embedded' }));
    own = await EmbeddedBroker.start({ tokens, tcp: { host: '127.0.0.1', port: await freePort() }, switches });
    url = `mqtt://127.0.0.1:${own.tcpPort}`;
  });

  afterAll(async () => {
    await own.close();
  });

  /** Every message a client gets, by topic. */
  function inbox(c: MqttClient): Map<string, string[]> {
    const messages = new Map<string, string[]>();
    c.on('message', (topic, payload) => messages.set(topic, [...(messages.get(topic) ?? []), payload.toString()]));
    return messages;
  }

  it('refuses video subscriptions, takes back the ones held, keeps telemetry flowing, and tells the ground agent nobody watches', async () => {
    const publisher = await client(url, ground);
    const demands: number[] = [];
    publisher.on('message', (_topic, payload) => demands.push((JSON.parse(payload.toString()) as { subscribers: number }).subscribers));
    await publisher.subscribeAsync(mqttTopics.videoDemand('drone1'));
    const exact = await client(url, viewer);
    const exactInbox = inbox(exact);
    await exact.subscribeAsync([video, telemetry]);
    const broad = await client(url, viewer);
    const broadInbox = inbox(broad);
    await broad.subscribeAsync('dronecast/drone1/#');
    await expect.poll(() => demands.at(-1)).toBe(2);

    switches.get('drone1').transports.set(consoleRole, { mqtt: false });
    await expect.poll(() => demands.at(-1)).toBe(0);
    const late = await client(url, viewer);
    for (const filter of [video, 'dronecast/drone1/video/#', 'dronecast/drone1/+/jpeg']) {
      await expect(late.subscribeAsync(filter)).rejects.toThrow(/Subscribe error/);
    }
    expect((await late.subscribeAsync(telemetry)).map((g) => g.qos)).toEqual([0]);
    const lateInbox = inbox(late);
    await publisher.publishAsync(video, 'frame while off', { qos: 1 });
    await publisher.publishAsync(telemetry, '{"altRel":3}', { qos: 1 });
    await expect.poll(() => lateInbox.get(telemetry)).toEqual(['{"altRel":3}']);
    await expect.poll(() => exactInbox.get(telemetry)).toEqual(['{"altRel":3}']);
    await expect.poll(() => broadInbox.get(telemetry)).toEqual(['{"altRel":3}']);
    expect(exactInbox.get(video)).toBeUndefined();
    expect(broadInbox.get(video)).toBeUndefined();
    // Nobody was disconnected: only the video subscriptions ended.
    expect([exact, broad, late, publisher].every((c) => c.connected)).toBe(true);
    expect(demands.at(-1)).toBe(0);

    switches.get('drone1').transports.set(consoleRole, { mqtt: true });
    // The broad filter watches again; the refused and taken-back subscriptions do not count.
    await expect.poll(() => demands.at(-1)).toBe(1);
    expect((await late.subscribeAsync(video)).map((g) => g.qos)).toEqual([0]);
    await expect.poll(() => demands.at(-1)).toBe(2);
    await publisher.publishAsync(video, 'frame while on', { qos: 1 });
    await expect.poll(() => lateInbox.get(video)).toEqual(['frame while on']);
    await expect.poll(() => broadInbox.get(video)).toEqual(['frame while on']);
    expect(exactInbox.get(video)).toBeUndefined();
  });
});

describe('the embedded broker beside other servers', () => {
  it('shares the web server with socket.io: both upgrade, and plain HTTP still answers', async () => {
    const server = http.createServer((_req, res) => res.end('plain http still works'));
    const io = new SocketIoServer(server);
    io.on('connection', (socket) => socket.emit('hello', 'from socket.io'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const own = await EmbeddedBroker.start({ tokens, webServer: server });
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const socket = ioClient(base, { transports: ['websocket'] });
    try {
      const hello = await new Promise<string>((resolve) => socket.once('hello', resolve));
      expect(hello).toBe('from socket.io');
      const viewerClient = await client(`${base.replace('http:', 'ws:')}/mqtt`, viewer);
      // engine.io ends upgrades it did not take after 1 s unless someone answered them.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(viewerClient.connected).toBe(true);
      expect(await (await fetch(base)).text()).toBe('plain http still works');
    } finally {
      socket.close();
      await own.close();
      await io.close();
    }
  });

  it('says clearly when the TCP port is taken', async () => {
    const taken = net.createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const port = (taken.address() as net.AddressInfo).port;
    try {
      await expect(EmbeddedBroker.start({ tokens, tcp: { host: '127.0.0.1', port } })).rejects.toThrow(`MQTT port ${port} on 127.0.0.1 is already in use`);
    } finally {
      taken.close();
    }
  });

  it('runs without TCP when the port is 0, and closes cleanly', async () => {
    const quiet = await EmbeddedBroker.start({ tokens, tcp: { host: '127.0.0.1', port: 0 } });
    expect(quiet.tcpPort).toBeUndefined();
    await quiet.close();
    await quiet.close();
  });

  it('closes its TCP listener and its clients on close()', async () => {
    const port = await freePort();
    const own = await EmbeddedBroker.start({ tokens, tcp: { host: '127.0.0.1', port } });
    const c = await connect(`mqtt://127.0.0.1:${port}`, viewer);
    const dropped = closed(c);
    await own.close();
    await dropped;
    await expect(connect(`mqtt://127.0.0.1:${port}`, viewer)).rejects.toThrow(/ECONNREFUSED/);
  });
});
