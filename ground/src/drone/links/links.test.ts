import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { socatPair } from '../testing/socatPair.ts';
import type { ByteLink } from './ByteLink.ts';
import { SerialLink } from './SerialLink.ts';
import { TcpClientLink } from './TcpClientLink.ts';
import { TcpLinkServer } from './TcpLinkServer.ts';
import type { TcpSocketLink } from './TcpSocketLink.ts';
import { UdpLink } from './UdpLink.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function opened<T extends ByteLink>(link: T): Promise<T> {
  await link.open();
  cleanups.push(() => link.close());
  return link;
}

async function received(link: ByteLink): Promise<string> {
  const [bytes] = (await once(link, 'data')) as [Buffer];
  return bytes.toString();
}

describe('UDP links', () => {
  it('udp: listens and replies to whoever sent last; udpout: gets replies on its own port', async () => {
    const vehicle = await opened(new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 }));
    expect(vehicle.description).toMatch(/^udp:127\.0\.0\.1:\d+$/);
    const port = vehicle.localPort!;
    const first = await opened(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port }));
    const second = await opened(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port }));

    vehicle.write(Buffer.from('nobody has spoken yet: dropped'));
    first.write(Buffer.from('hello from first'));
    expect(await received(vehicle)).toBe('hello from first');
    vehicle.write(Buffer.from('to first'));
    expect(await received(first)).toBe('to first');

    second.write(Buffer.from('hello from second'));
    expect(await received(vehicle)).toBe('hello from second');
    let firstGot = 0;
    first.on('data', () => firstGot++);
    vehicle.write(Buffer.from('to second'));
    expect(await received(second)).toBe('to second');
    expect(firstGot).toBe(0);
  });

  it('udp: tells each datagram\'s sender and sends to any one of several peers', async () => {
    const listener = await opened(new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 }));
    const a = await opened(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: listener.localPort! }));
    const b = await opened(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: listener.localPort! }));
    const senders: number[] = [];
    listener.onDatagram((_bytes, from) => senders.push(from.port));
    a.write(Buffer.from('from a'));
    await expect.poll(() => senders).toEqual([a.localPort]);
    b.write(Buffer.from('from b'));
    await expect.poll(() => senders).toEqual([a.localPort, b.localPort]);
    // b spoke last, yet a can be answered.
    let bGot = 0;
    b.on('data', () => bGot++);
    listener.sendTo(Buffer.from('to a'), { address: '127.0.0.1', port: a.localPort! });
    expect(await received(a)).toBe('to a');
    expect(bGot).toBe(0);
  });

  it('says clearly when the port is taken', async () => {
    const taken = await opened(new UdpLink({ mode: 'udp', host: '127.0.0.1', port: 0 }));
    const clash = new UdpLink({ mode: 'udp', host: '127.0.0.1', port: taken.localPort! });
    await expect(clash.open()).rejects.toThrow(/udp:127\.0\.0\.1:\d+: cannot bind: .*EADDRINUSE/);
    await clash.close();
  });
});

describe('TCP links', () => {
  it('the server gives each ground station a link of its own', async () => {
    const server = new TcpLinkServer('127.0.0.1', 0);
    await server.listen();
    cleanups.push(() => server.close());
    const accepted: TcpSocketLink[] = [];
    server.on('link', (link) => accepted.push(link));
    const a = await opened(new TcpClientLink({ host: '127.0.0.1', port: server.port! }));
    const b = await opened(new TcpClientLink({ host: '127.0.0.1', port: server.port! }));
    await expect.poll(() => accepted.length).toBe(2);
    a.write(Buffer.from('from a'));
    expect(await received(accepted[0]!)).toBe('from a');
    accepted[1]!.write(Buffer.from('to b'));
    expect(await received(b)).toBe('to b');
  });

  it('the client redials with backoff after the connection drops', async () => {
    const first = new TcpLinkServer('127.0.0.1', 0);
    await first.listen();
    const port = first.port!;
    const client = await opened(new TcpClientLink({ host: '127.0.0.1', port, backoffMs: [50, 100] }));
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    await first.close(); // the bridge restarts...
    await expect.poll(() => errors).toContain(`tcp:127.0.0.1:${port}: connection dropped`);
    expect(client.isConnected).toBe(false);

    const second = new TcpLinkServer('127.0.0.1', port);
    const accepted = once(second, 'link') as Promise<[TcpSocketLink]>;
    await second.listen();
    cleanups.push(() => second.close());
    const [link] = await accepted;
    await expect.poll(() => client.isConnected).toBe(true);
    client.write(Buffer.from('back again'));
    expect(await received(link)).toBe('back again');
  });

  it('with keepDialing, opens before its peer listens and connects once it does', async () => {
    const probe = new TcpLinkServer('127.0.0.1', 0);
    await probe.listen();
    const port = probe.port!;
    await probe.close();
    const client = await opened(new TcpClientLink({ host: '127.0.0.1', port, backoffMs: [50], keepDialing: true }));
    expect(client.isConnected).toBe(false);
    client.write(Buffer.from('nobody listens yet: dropped'));
    const server = new TcpLinkServer('127.0.0.1', port);
    const accepted = once(server, 'link') as Promise<[TcpSocketLink]>;
    await server.listen();
    cleanups.push(() => server.close());
    const [link] = await accepted;
    await expect.poll(() => client.isConnected).toBe(true);
    client.write(Buffer.from('late hello'));
    expect(await received(link)).toBe('late hello');
  });

  it('drops writes past maxBufferedBytes while the peer does not read', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      socket.pause(); // a ground station that stopped reading
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }));
    const port = (server.address() as net.AddressInfo).port;
    const client = await opened(new TcpClientLink({ host: '127.0.0.1', port, maxBufferedBytes: 64 * 1024 }));
    const chunk = Buffer.alloc(1024);
    let most = 0;
    for (let i = 0; i < 50_000; i++) {
      client.write(chunk);
      most = Math.max(most, client.bufferedBytes);
    }
    expect(client.droppedWrites).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(64 * 1024 + chunk.length);
  });

  it('reports a refused first connection at once', async () => {
    const server = new TcpLinkServer('127.0.0.1', 0);
    await server.listen();
    const port = server.port!;
    await server.close();
    await expect(new TcpClientLink({ host: '127.0.0.1', port }).open()).rejects.toThrow(`tcp:127.0.0.1:${port}: cannot connect: connect ECONNREFUSED`);
  });
});

describe('serial links', () => {
  it('carries bytes both ways over a real tty pair', async () => {
    const pair = await socatPair();
    cleanups.push(() => pair.close());
    const vehicle = await opened(new SerialLink({ path: pair.a, baudRate: 57600 }));
    const ground = await opened(new SerialLink({ path: pair.b, baudRate: 57600 }));
    expect(ground.description).toBe(`serial:${pair.b}:57600`);
    ground.write(Buffer.from('arm'));
    expect(await received(vehicle)).toBe('arm');
    vehicle.write(Buffer.from('armed'));
    expect(await received(ground)).toBe('armed');
  });

  it('says which device could not be opened', async () => {
    const link = new SerialLink({ path: '/dev/ttyDRONE97', baudRate: 57600 });
    await expect(link.open()).rejects.toThrow(/serial:\/dev\/ttyDRONE97:57600: cannot open: .*No such file/);
  });
});
