import type { IncomingMessage } from 'node:http';
import net from 'node:net';

/** What the console server checks about a request before anything else (see `loopbackRefusal`). */
export interface GuardedRequest {
  remoteAddress: string | undefined;
  host: string | undefined;
  origin: string | undefined;
}

export function guardedRequestOf(req: IncomingMessage): GuardedRequest {
  return { remoteAddress: req.socket.remoteAddress, host: req.headers.host, origin: req.headers.origin };
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (what a dual-stack socket reports). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  if (net.isIPv4(plain)) return plain.startsWith('127.');
  return plain === '::1';
}

/** A Host header naming this machine's loopback on exactly this port (`localhost:8090`, `127.0.0.1:8090`, `[::1]:8090`). */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const name = match[1] ?? '';
  const hostPort = match[2] === undefined ? 80 : Number(match[2]);
  if (hostPort !== port) return false;
  if (name === 'localhost') return true;
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  return net.isIP(bare) !== 0 && isLoopbackAddress(bare);
}

/** An Origin header of a page served by this console server itself. */
export function isOwnOrigin(origin: string, port: number): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && url.origin === origin.toLowerCase() && isLoopbackHost(url.host, port);
}

/**
 * Why a request to the console server is refused, or null to serve it. The console flies the drone
 * with a token it hands to whoever asks, so only this machine may ask: the peer must be on loopback,
 * the Host header must name loopback (a DNS-rebinding page has its own name there), and a browser
 * request sent from another page (Origin, which websockets always carry) must come from this one.
 */
export function loopbackRefusal(request: GuardedRequest, port: number): string | null {
  if (!isLoopbackAddress(request.remoteAddress)) {
    return `The ground console only answers this machine (loopback); ${request.remoteAddress ?? 'an unknown address'} is not.`;
  }
  if (!isLoopbackHost(request.host, port)) {
    return `The ground console only answers requests addressed to 127.0.0.1:${port} or localhost:${port}, not "${request.host ?? ''}". Open http://127.0.0.1:${port}/ground.`;
  }
  if (request.origin !== undefined && !isOwnOrigin(request.origin, port)) {
    return `The ground console refuses requests from other pages (origin "${request.origin}").`;
  }
  return null;
}
