import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPorts, type PortNeed } from './portChecks.ts';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

function occupyTcp(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    closers.push(() => server.close());
  });
}

function occupyUdp(): Promise<number> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => resolve(socket.address().port));
    closers.push(() => socket.close());
  });
}

const need = (port: number, protocol: 'tcp' | 'udp'): PortNeed => ({ port, protocol, host: '127.0.0.1', what: "the SFU's HTTPS (phones)", flag: '--port' });

describe('checking the ports npm start binds', () => {
  it('says a busy port blocks the start, who wanted it and the flag that moves it', async () => {
    const [tcp, udp] = await Promise.all([occupyTcp(), occupyUdp()]);
    const [busyTcp, busyUdp] = await checkPorts([need(tcp, 'tcp'), need(udp, 'udp')]);
    expect(busyTcp).toEqual({
      name: `port ${tcp}/tcp`,
      status: 'missing',
      detail: "in use by another program (is dronecast already running?); stop it or move the SFU's HTTPS (phones) with --port",
      impact: "the SFU's HTTPS (phones) cannot start",
      blocksStart: true,
    });
    expect(busyUdp).toMatchObject({ name: `port ${udp}/udp`, status: 'missing', blocksStart: true });
  });

  it('finds a free port free, and leaves it free', async () => {
    const tcp = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const [first] = await checkPorts([need(tcp, 'tcp')]);
    const [again] = await checkPorts([need(tcp, 'tcp')]);
    expect(first).toMatchObject({ status: 'ok', detail: "free for the SFU's HTTPS (phones)" });
    expect(again?.status).toBe('ok');
  });
});
