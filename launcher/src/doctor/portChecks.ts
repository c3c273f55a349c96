import dgram from 'node:dgram';
import net from 'node:net';
import type { CheckResult } from './Check.ts';

export interface PortNeed {
  port: number;
  protocol: 'tcp' | 'udp';
  /** The address the process binds (0.0.0.0 = every interface). */
  host: string;
  /** Who listens there, e.g. "the SFU's HTTPS"; and the flag that moves it. */
  what: string;
  flag: string;
}

/** Tries to bind each port as its process will; a port taken by another program is a problem. */
export async function checkPorts(needs: readonly PortNeed[]): Promise<CheckResult[]> {
  return Promise.all(
    needs.map(async (need): Promise<CheckResult> => {
      const name = `port ${need.port}/${need.protocol}`;
      const error = await tryBind(need);
      if (!error) return { name, status: 'ok', detail: `free for ${need.what}` };
      const why =
        error === 'EADDRINUSE'
          ? 'in use by another program (is dronecast already running?)'
          : error === 'EACCES'
            ? 'needs privileges to bind'
            : `cannot be bound (${error})`;
      return { name, status: 'missing', detail: `${why}; stop it or move ${need.what} with ${need.flag}`, impact: `${need.what} cannot start`, blocksStart: true };
    }),
  );
}

function tryBind({ port, protocol, host }: PortNeed): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (protocol === 'tcp') {
      const server = net.createServer();
      server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
    } else {
      const socket = dgram.createSocket('udp4');
      socket.once('error', (error: NodeJS.ErrnoException) => {
        socket.close();
        resolve(error.code ?? error.message);
      });
      socket.bind({ port, address: host, exclusive: true }, () => socket.close(() => resolve(undefined)));
    }
  });
}
