import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from '@dronecast/protocol';
import { UsageError } from '@dronecast/runtime';
import { noTokenPage, notBuiltPage } from './consolePages.ts';
import { guardedRequestOf, loopbackRefusal } from './loopbackGuard.ts';
import { refuseUpgrade, SfuProxy } from './SfuProxy.ts';
import { sendStaticFile, staticFilePath } from './staticFiles.ts';

export interface ConsoleServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** The SFU the page's traffic is passed on to. */
  sfuUrl: string;
  /** The CA that signed the SFU's certificate. */
  ca: string | undefined;
  /** The console token handed to the page; undefined: the page explains there is none. */
  token: string | undefined;
  /** The built web app (webapp/dist). */
  webappDir: string;
  logger: Logger;
}

export const consolePagePath = '/ground';
export const consoleSessionPath = '/console/session';

/** What the page needs from the SFU on its own origin: signaling and /frames, MQTT over WebSocket, gallery bytes. */
export function isProxiedPath(pathname: string): boolean {
  return pathname.startsWith('/socket.io/') || pathname.startsWith('/gallery/') || pathname === '/mqtt';
}

function isUpgradePath(pathname: string): boolean {
  return pathname.startsWith('/socket.io/') || pathname === '/mqtt';
}

/** Headers on everything this server answers itself: the console flies the drone, so no framing it into another page. */
const ownHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  // Gallery links carry the token in their query.
  'Referrer-Policy': 'no-referrer',
};

/**
 * The ground console on http://127.0.0.1:<port>/ground: serves the built console page, hands it the
 * console token, and passes its SFU traffic through, so the page is same-origin and needs no
 * certificate trust (WebRTC media still goes straight to the SFU). Loopback only, for this machine.
 */
export class ConsoleServer {
  readonly #options: ConsoleServerOptions;
  readonly #server: http.Server;
  readonly #proxy: SfuProxy;
  readonly #upgraded = new Set<Duplex>();
  #port = 0;

  constructor(options: ConsoleServerOptions) {
    this.#options = options;
    this.#proxy = new SfuProxy({ sfuUrl: options.sfuUrl, ca: options.ca, logger: options.logger });
    this.#server = http.createServer((req, res) => void this.#onRequest(req, res));
    this.#server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.#onUpgrade(req, socket, head));
    this.#server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** The port it listens on (after start). */
  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}${consolePagePath}`;
  }

  async start(): Promise<number> {
    const { port } = this.#options;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
          reject(new UsageError(`the ground console cannot listen on 127.0.0.1:${port} (${error.code}): pick another --console-port (0 turns the console off)`));
        } else reject(error);
      };
      this.#server.once('error', onError);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    const address = this.#server.address();
    this.#port = typeof address === 'object' && address ? address.port : port;
    this.#options.logger.info(`ground console on ${this.url}${this.#options.token ? '' : ' (no console token: the page says so)'}`);
    return this.#port;
  }

  async stop(): Promise<void> {
    this.#proxy.close();
    for (const socket of this.#upgraded) socket.destroy();
    this.#upgraded.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const refusal = loopbackRefusal(guardedRequestOf(req), this.#port);
    if (refusal) return this.#send(res, 403, 'text/plain; charset=utf-8', refusal);
    const { pathname } = new URL(req.url ?? '/', 'http://console.invalid');
    if (isProxiedPath(pathname)) return this.#proxy.web(req, res);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return this.#send(res, 405, 'text/plain; charset=utf-8', `${method} is not allowed here`);
    }
    for (const [name, value] of Object.entries(ownHeaders)) res.setHeader(name, value);
    if (pathname === '/') {
      res.writeHead(302, { Location: consolePagePath });
      res.end();
      return;
    }
    if (pathname === consoleSessionPath) return this.#sendSession(res);
    if (pathname === consolePagePath) return this.#sendPage(res, method);
    const file = staticFilePath(this.#options.webappDir, pathname);
    if (file && (await sendStaticFile(res, file, method).catch(() => false))) return;
    if (!res.headersSent) this.#send(res, 404, 'text/plain; charset=utf-8', `Nothing at ${pathname}. The ground console is at ${consolePagePath}.`);
  }

  #sendSession(res: http.ServerResponse): void {
    res.setHeader('Cache-Control', 'no-store');
    const { token } = this.#options;
    if (token) this.#send(res, 200, 'application/json', JSON.stringify({ token }));
    else this.#send(res, 503, 'application/json', JSON.stringify({ error: 'The ground agent has no console token: start it with DRONECAST_CONSOLE_TOKEN set (npm start does) or --console-token.' }));
  }

  async #sendPage(res: http.ServerResponse, method: string): Promise<void> {
    if (!this.#options.token) return this.#send(res, 503, 'text/html; charset=utf-8', noTokenPage);
    const page = path.join(this.#options.webappDir, 'ground.html');
    if (!(await sendStaticFile(res, page, method).catch(() => false)) && !res.headersSent) {
      this.#send(res, 503, 'text/html; charset=utf-8', notBuiltPage(this.#options.webappDir));
    }
  }

  #onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refusal = loopbackRefusal(guardedRequestOf(req), this.#port);
    if (refusal) return refuseUpgrade(socket, 403, 'Forbidden', refusal);
    const { pathname } = new URL(req.url ?? '/', 'http://console.invalid');
    if (!isUpgradePath(pathname)) return refuseUpgrade(socket, 404, 'Not Found', `no websocket at ${pathname}`);
    this.#upgraded.add(socket);
    socket.on('close', () => this.#upgraded.delete(socket));
    this.#proxy.ws(req, socket, head);
  }

  #send(res: http.ServerResponse, status: number, type: string, body: string): void {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }
}
