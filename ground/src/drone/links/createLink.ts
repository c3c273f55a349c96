import type { ByteLink } from './ByteLink.ts';
import type { Connection } from './connectionString.ts';
import { SerialLink } from './SerialLink.ts';
import { TcpClientLink } from './TcpClientLink.ts';
import { UdpLink } from './UdpLink.ts';

/** The link for a connection string's dialing side: the ground station, or the simulator's --out. */
export function createLink(connection: Connection): ByteLink {
  switch (connection.kind) {
    case 'udp':
    case 'udpout':
      return new UdpLink({ mode: connection.kind, host: connection.host, port: connection.port });
    case 'tcp':
      return new TcpClientLink({ host: connection.host, port: connection.port });
    case 'serial':
      return new SerialLink({ path: connection.path, baudRate: connection.baudRate });
  }
}
