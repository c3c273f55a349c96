import dgram from 'node:dgram';
import net from 'node:net';

/** Resolves when `port` is free for both UDP and TCP on `ip` (coturn listens on both); otherwise rejects saying why. */
export async function checkPortFree(ip: string, port: number): Promise<void> {
  const explain = (protocol: string, error: NodeJS.ErrnoException): Error => {
    if (error.code === 'EADDRINUSE') {
      return new Error(`${protocol} port ${port} on ${ip} is in use (another turnserver? see: ss -lunpt 'sport = :${port}'); pick another with --port`);
    }
    if (error.code === 'EACCES') return new Error(`not allowed to listen on port ${port} (below 1024 needs root); pick another with --port`);
    if (error.code === 'EADDRNOTAVAIL') return new Error(`${ip} is not an address of this machine; check --listen-ip`);
    return error;
  };
  await new Promise<void>((resolve, reject) => {
    const socket = dgram.createSocket(ip.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(explain('UDP', error));
    });
    socket.bind(port, ip, () => socket.close(() => resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) => reject(explain('TCP', error)));
    server.listen(port, ip, () => server.close(() => resolve()));
  });
}
