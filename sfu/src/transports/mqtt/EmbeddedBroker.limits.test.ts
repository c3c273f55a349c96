import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@dronecast/launcher';
import { mqttTopics, mqttWebSocketPath } from '@dronecast/protocol';
import { TokenIssuer } from '../../auth/TokenIssuer.ts';
import { mqttFixedHeader } from '../../testing/mqttFixedHeader.ts';
import { EmbeddedBroker } from './EmbeddedBroker.ts';

const tokens = new TokenIssuer(randomBytes(32));
const ground = tokens.issue('ground', 'drone1');
const viewer = tokens.issue('viewer', 'drone1');

let broker: EmbeddedBroker;
let webServer: http.Server;
let port: number;
let wsUrl: string;
const open: { end(force?: boolean): unknown }[] = [];

beforeAll(async () => {
  webServer = http.createServer();
  webServer.listen(0, '127.0.0.1');
  await once(webServer, 'listening');
  wsUrl = `ws://127.0.0.1:${(webServer.address() as net.AddressInfo).port}${mqttWebSocketPath}`;
  port = await freePort();
  broker = await EmbeddedBroker.start({
    tokens,
    webServer,
    tcp: { host: '127.0.0.1', port },
    maxConnectionsPerAddress: 4,
    // Long: a packet over the limit must be dropped at once, not when CONNECT times out.
    connectTimeoutMs: 60_000,
    maxPersistentSessions: 1,
  });
});

afterAll(async () => {
  for (const client of open) client.end(true);
  await broker.close();
  webServer.close();
});


/** A raw TCP connection to the broker, as an attacker holds one. */
async function rawTcp(send: (socket: net.Socket) => void): Promise<{ closed: Promise<void> }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  // events.once would reject on the reset that comes with the close.
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  send(socket);
  return { closed };
}

function connect(token: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { username: 'test', password: token, reconnectPeriod: 0, connectTimeout: 5000, ...options });
  open.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

describe('the embedded broker against a flood from the LAN', () => {
  it('drops a CONNECT announcing 256 MB at its header, over TCP, and keeps serving', async () => {
    const { closed } = await rawTcp((socket) => {
      socket.write(mqttFixedHeader(0x10, 268_435_455));
      // Filler as the attacker sends it; the broker must not wait for all of it.
      for (let i = 0; i < 64; i++) socket.write(Buffer.alloc(64 * 1024, 0x41));
    });
    await closed;
    expect(broker.connectedClients).toBe(0);
    await expect(connect(viewer)).resolves.toBeDefined();
  });

  it('drops the same over WebSocket, with no token and no CONNECT completed', async () => {
    const ws = new WebSocket(wsUrl, 'mqtt');
    ws.on('error', () => undefined);
    await once(ws, 'open');
    const closed = once(ws, 'close');
    ws.send(mqttFixedHeader(0x10, 268_435_455));
    for (let i = 0; i < 16; i++) ws.send(Buffer.alloc(64 * 1024, 0x41));
    await closed;
  });

  it('drops a connection that never completes CONNECT', async () => {
    const impatient = await EmbeddedBroker.start({ tokens, tcp: { host: '127.0.0.1', port: await freePort() }, connectTimeoutMs: 300 });
    try {
      const socket = net.connect(impatient.tcpPort ?? 0, '127.0.0.1');
      socket.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(mqttFixedHeader(0x10, 1000).subarray(0, 2));
      await closed;
    } finally {
      await impatient.close();
    }
  });

  it('lets only the ground agent send frame-sized packets', async () => {
    const big = Buffer.alloc(200 * 1024, 1);
    const agent = await connect(ground);
    await new Promise<void>((resolve, reject) => agent.publish(mqttTopics.videoJpeg('drone1'), big, { qos: 1 }, (error) => (error ? reject(error) : resolve())));
    expect(agent.connected).toBe(true);
    const phone = await connect(viewer);
    const dropped = new Promise<void>((resolve) => phone.once('close', () => resolve()));
    phone.on('error', () => undefined);
    // A subscription is what a phone may send; one this big is not (a publish would be refused anyway).
    phone.subscribe(`${mqttTopics.telemetry('drone1')}/${'x'.repeat(30 * 1024)}`, () => undefined);
    await dropped;
  });

  it('caps connections per address, and frees a place when one closes', async () => {
    for (const client of open.splice(0)) client.end(true);
    await expect.poll(() => broker.connectionsFrom('127.0.0.1')).toBe(0);
    const held = await Promise.all([connect(viewer), connect(viewer), connect(viewer), connect(viewer)]);
    await expect(connect(viewer)).rejects.toThrow();
    const upgrade = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl, 'mqtt');
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(upgrade).toBe(429);
    held[0]!.end(true);
    await expect.poll(() => broker.connectionsFrom('127.0.0.1')).toBe(3);
    await expect(connect(viewer)).resolves.toBeDefined();
  });

  it('keeps at most its share of persistent sessions; clean sessions are not counted', async () => {
    for (const client of open.splice(0)) client.end(true);
    await expect.poll(() => broker.connectionsFrom('127.0.0.1')).toBe(0);
    await connect(viewer, { clean: false, clientId: 'tool-a' });
    await expect(connect(viewer, { clean: false, clientId: 'tool-b' })).rejects.toThrow();
    await expect(connect(viewer, { clean: true })).resolves.toBeDefined();
    expect(broker.persistentSessions).toBe(1);
  });
});
