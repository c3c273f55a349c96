import { UsageError } from '@dronecast/runtime';

export type Connection =
  | { kind: 'udp'; host: string; port: number }
  | { kind: 'udpout'; host: string; port: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number };

export const connectionForms = `  udp:HOST:PORT      listen on HOST:PORT, reply to whoever sent last (as SITL and QGroundControl do)
  udpout:HOST:PORT   send to HOST:PORT; replies come back to our own port
  tcp:HOST:PORT      TCP: the ground station dials it (and redials), the simulator listens on it
  serial:PATH:BAUD   a serial device or telemetry radio, e.g. serial:/dev/ttyUSB0:57600`;

const hostPattern = /^[A-Za-z0-9.-]+$/;

/** Parses a connection string as QGroundControl/MAVProxy users write it; throws UsageError listing every accepted form. */
export function parseConnection(text: string): Connection {
  return readConnection(text, (why) => {
    throw new UsageError(`bad connection "${text}": ${why}; use one of\n${connectionForms}`);
  });
}

/** The parsing itself; `fail` is told what is wrong and throws (each caller words its own error). */
export function readConnection(text: string, fail: (why: string) => never): Connection {
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? '' : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (scheme === 'serial') {
    // The path may itself hold colons (/dev/serial/by-id/...:if00), so the baud rate is after the last one.
    const last = rest.lastIndexOf(':');
    const path = last < 0 ? rest : rest.slice(0, last);
    const baudText = last < 0 ? '' : rest.slice(last + 1);
    if (!path.startsWith('/')) fail('the serial device must be an absolute path');
    if (!/^\d+$/.test(baudText)) fail('the baud rate must be a whole number');
    const baudRate = Number(baudText);
    if (baudRate < 1200 || baudRate > 4_000_000) fail('the baud rate must be between 1200 and 4000000');
    return { kind: 'serial', path, baudRate };
  }
  if (scheme !== 'udp' && scheme !== 'udpout' && scheme !== 'tcp') return fail(scheme ? `unknown kind "${scheme}"` : 'no kind');
  const last = rest.lastIndexOf(':');
  const host = rest.slice(0, last);
  const portText = rest.slice(last + 1);
  if (last < 0 || !hostPattern.test(host)) fail('expected a host name or IPv4 address before the port');
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) fail('the port must be a number from 0 to 65535');
  const port = Number(portText);
  // Port 0 (any free port) only makes sense where we listen; tests and the in-process simulator use it.
  if (port === 0 && scheme === 'udpout') fail('udpout needs the port to send to');
  return { kind: scheme, host, port };
}

export function formatConnection(connection: Connection): string {
  return connection.kind === 'serial' ? `serial:${connection.path}:${connection.baudRate}` : `${connection.kind}:${connection.host}:${connection.port}`;
}
