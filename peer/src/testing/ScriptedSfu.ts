import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { ProtocolError, fail, isRequestName, ok, parseRequest, typedServerSocket, type ServerEventName, type ServerEventPayload, type Welcome } from '@dronecast/protocol';
import { ScriptedSignaling } from './ScriptedSignaling.ts';

export interface ScriptedSfuOptions {
  /** The token it accepts; any other is refused as the SFU refuses one. */
  token?: string;
  /** Added to its clock, to see a client's clock sync at work. */
  clockOffsetMs?: number;
}

/**
 * A socket.io server on 127.0.0.1 that speaks the SFU's side of the contract from a script: it
 * refuses a wrong token, welcomes, answers clock:sync, answers every other request through
 * `media` (a ScriptedSignaling a test can change), and lets a test send events, ask the ground
 * agent and drop clients. Real sockets, real reconnects; no mediasoup.
 */
export class ScriptedSfu {
  readonly media = new ScriptedSignaling();
  /** Notifications received, in order. */
  readonly notifications: { event: string; payload: unknown }[] = [];
  #welcomes = 0;

  private constructor(
    private readonly http: HttpServer,
    private readonly io: Server,
    private readonly options: ScriptedSfuOptions,
  ) {
    io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (options.token === undefined || token === options.token) return next();
      next(Object.assign(new Error('this token is not valid'), { data: { code: 'UNAUTHENTICATED', message: 'this token is not valid' } }));
    });
    io.on('connection', (socket) => this.onConnection(socket));
  }

  static async start(options: ScriptedSfuOptions = {}, port = 0): Promise<ScriptedSfu> {
    const http = createServer();
    const sfu = new ScriptedSfu(http, new Server(http), options);
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    return sfu;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get clientCount(): number {
    return this.io.sockets.sockets.size;
  }

  /** Sends a server event to every client. */
  emit<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    for (const socket of this.io.sockets.sockets.values()) typedServerSocket(socket).emit(event, payload);
  }

  /** Sends anything at all, as a buggy or hostile server would. */
  emitRaw(event: string, ...args: unknown[]): void {
    this.io.emit(event, ...args);
  }

  /** Asks the (only) client, as the SFU asks its ground agent, and resolves with its raw acknowledgement. */
  ask(event: string, payload: unknown): Promise<unknown> {
    const [socket] = this.io.sockets.sockets.values();
    if (!socket) return Promise.reject(new Error('no client is connected'));
    return socket.timeout(5_000).emitWithAck(event, payload);
  }

  /** Ends every client's session from the server side, as a restarting SFU does. */
  disconnectAll(): void {
    this.io.disconnectSockets(true);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => void this.io.close(() => resolve()));
  }

  private onConnection(socket: Socket): void {
    const welcome: Welcome = {
      peerId: `peer-${++this.#welcomes}`,
      role: 'ground',
      droneId: 'drone1',
      serverTime: this.now(),
      transports: { websocket: { available: true }, mqtt: { available: false, reason: 'no broker' } },
      mapTiles: null,
    };
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') {
        this.notifications.push({ event, payload: args[0] });
        return;
      }
      void this.answer(event, args[0]).then((reply) => (ack as (reply: unknown) => void)(reply));
    });
    typedServerSocket(socket).emit('session:welcome', welcome);
  }

  private async answer(event: string, payload: unknown): Promise<unknown> {
    if (!isRequestName(event)) return fail('UNKNOWN_EVENT', `unknown event "${event}"`);
    try {
      if (event === 'clock:sync') return ok({ clientTime: parseRequest(event, payload).clientTime, serverTime: this.now() });
      return ok(await this.media.handle(event, parseRequest(event, payload)));
    } catch (error) {
      return error instanceof ProtocolError ? fail(error.code, error.message) : fail('INTERNAL', String(error));
    }
  }

  private now(): number {
    return Date.now() + (this.options.clockOffsetMs ?? 0);
  }
}
