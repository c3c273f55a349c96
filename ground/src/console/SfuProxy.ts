import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyServer, type ProxyServer } from 'http-proxy-3';
import type { Logger } from '@dronecast/protocol';
import { proxyFailureMessage } from './proxyFailure.ts';

export interface SfuProxyOptions {
  /** The SFU's https:// (or http://) origin. */
  sfuUrl: string;
  /** The CA that signed the SFU's certificate (the browser never sees that certificate). */
  ca: string | undefined;
  logger: Logger;
}

/** At most one log line per this long while the SFU stays away (the page retries every second or two). */
const failureLogIntervalMs = 10_000;

/**
 * Passes the console page's signaling, frame, MQTT and gallery traffic (HTTP and websockets) on to
 * the SFU, so the page has one plain-http loopback origin and needs no certificate trust. A failure
 * is answered 502 with a sentence saying what is wrong; it never throws.
 */
export class SfuProxy {
  readonly #options: SfuProxyOptions;
  readonly #proxy: ProxyServer;
  #lastFailureLoggedAt = 0;

  constructor(options: SfuProxyOptions) {
    this.#options = options;
    this.#proxy = createProxyServer({
      target: options.sfuUrl,
      ...(options.ca ? { ca: options.ca } : {}),
      secure: true,
      // The SFU's certificate names 127.0.0.1 and the LAN addresses, not this server's Host.
      changeOrigin: true,
      ws: true,
    });
    // Per-request callbacks answer failures; this only keeps a stray one from crashing the agent.
    this.#proxy.on('error', (error: Error) => this.#logFailure(error));
  }

  web(req: IncomingMessage, res: ServerResponse): void {
    this.#proxy.web(req, res, {}, (error: Error) => {
      this.#logFailure(error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = proxyFailureMessage(error, this.#options.sfuUrl);
      res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
      res.end(body);
    });
  }

  ws(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.#proxy.ws(req, socket, head, {}, (error: Error) => {
      this.#logFailure(error);
      refuseUpgrade(socket, 502, 'Bad Gateway', proxyFailureMessage(error, this.#options.sfuUrl));
    });
  }

  close(): void {
    this.#proxy.close();
  }

  #logFailure(error: Error): void {
    const now = Date.now();
    if (now - this.#lastFailureLoggedAt < failureLogIntervalMs) return;
    this.#lastFailureLoggedAt = now;
    this.#options.logger.warn(proxyFailureMessage(error, this.#options.sfuUrl));
  }
}

/** Answers a websocket upgrade with a plain HTTP error (once; the socket may already be gone). */
export function refuseUpgrade(socket: Duplex, status: number, statusText: string, message: string): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`,
  );
}
