import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TcpImpairmentRelay } from './TcpImpairmentRelay.ts';
import { UdpImpairmentRelay } from './UdpImpairmentRelay.ts';

async function udpEcho(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, from) => socket.send(message, from.port, from.address));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

describe('UdpImpairmentRelay', () => {
  it('adds the delay both ways and drops what the loss draws pick', async () => {
    const echo = await udpEcho();
    // Every fourth draw is a loss (each datagram draws once per direction).
    let draw = 0;
    const relay = await UdpImpairmentRelay.start({
      listen: { host: '127.0.0.1', port: 0 },
      target: { host: '127.0.0.1', port: echo.address().port },
      profile: { name: 't', lossPercent: 10, delayMs: 40 },
      random: () => (draw++ % 4 === 3 ? 0.05 : 0.9),
    });
    const client = dgram.createSocket('udp4');
    client.bind(0, '127.0.0.1');
    await once(client, 'listening');
    const sentAt = new Map<number, number>();
    const rtts: number[] = [];
    client.on('message', (message) => rtts.push(performance.now() - (sentAt.get(message.readUInt32BE(0)) ?? 0)));
    try {
      for (let i = 0; i < 40; i++) {
        const packet = Buffer.alloc(200);
        packet.writeUInt32BE(i, 0);
        sentAt.set(i, performance.now());
        client.send(packet, relay.port, '127.0.0.1');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Each crossing draws once, and one draw in four is a loss: 40 out, about 30 back.
      expect(relay.counts.relayed + relay.counts.dropped).toBe(draw);
      expect(relay.counts.dropped).toBe(Math.floor(draw / 4));
      // Every drop, either way, costs one round trip.
      expect(rtts.length).toBe(40 - relay.counts.dropped);
      expect(Math.min(...rtts)).toBeGreaterThanOrEqual(79);
    } finally {
      client.close();
      relay.close();
      echo.close();
    }
  });
});

describe('TcpImpairmentRelay', () => {
  it('passes a byte stream intact and in order through loss and delay, and holds it to the rate cap', async () => {
    const server = net.createServer((socket) => socket.pipe(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const relay = await TcpImpairmentRelay.start({
      listen: { host: '127.0.0.1', port: 0 },
      target: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
      profile: { name: 't', lossPercent: 5, delayMs: 20, rateKbps: 4000 },
    });
    try {
      const payload = randomBytes(300_000);
      const client = net.connect(relay.port, '127.0.0.1');
      await once(client, 'connect');
      const startedAt = performance.now();
      const received: Buffer[] = [];
      let length = 0;
      const done = new Promise<void>((resolve) =>
        client.on('data', (chunk: Buffer) => {
          received.push(chunk);
          length += chunk.length;
          if (length >= payload.length) resolve();
        }),
      );
      client.write(payload);
      await done;
      const elapsedMs = performance.now() - startedAt;
      client.destroy();
      const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      expect(digest(Buffer.concat(received))).toBe(digest(payload));
      // 2.4 Mbit each way through a 4 Mbit/s cap: at least 600 ms, plus the delays.
      expect(elapsedMs).toBeGreaterThan(600);
    } finally {
      await relay.close();
      server.close();
    }
  });
});
