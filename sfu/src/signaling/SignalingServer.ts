import { randomUUID } from 'node:crypto';
import {
  describeIssues,
  fail,
  isNotificationName,
  isRequestName,
  ok,
  parseRequest,
  ProtocolError,
  type Ack,
  type Logger,
  type NotificationName,
  type RequestName,
  notificationSchemas,
  typedServerSocket,
} from '@dronecast/protocol';
import { RateLimiter } from '@dronecast/runtime';
import type { TokenIssuer } from '../auth/TokenIssuer.ts';
import type { Drones } from '../drone/Drones.ts';
import { DroneMember, type DroneClient } from '../drone/DroneMember.ts';
import type { TurnIceServers } from '../turn/TurnIceServers.ts';
import { turnQuotaHolder } from '../turn/turnQuotaHolder.ts';
import { ConnectionsPerAddress } from '../limits/ConnectionsPerAddress.ts';
import { describeDevice } from './describeDevice.ts';
import { droneRoom, holderRoom, peerRoom, roleRoom } from './droneRooms.ts';
import { typedRoom } from './typedRoom.ts';
import { notificationHandlers, notificationSenders } from './notificationHandlers.ts';
import { requestHandlers } from './requestHandlers.ts';
import type { ClientSocket, SignalingIo } from './signalingIo.ts';

/** Past a heartbeat (the server pings every 5 s) without a word, a ground agent is taken for gone. */
const agentSilenceMs = 6000;

export interface SignalingOptions {
  tokens: TokenIssuer;
  drones: Drones;
  logger: Logger;
  /** TURN credentials for clients' transports (--turn-url); none when absent. */
  turn?: TurnIceServers | undefined;
  /** The map's tile URL template, for every page's welcome (null: the grid). */
  mapTiles?: string | null;
  /** Sockets one address may hold (default 64: phones behind one carrier NAT share an address). */
  maxSocketsPerAddress?: number;
  /** The clock agent silence is judged by (tests move it). */
  now?: () => number;
}

/** When this SFU is one host of several: asks the host with the drone's ground agent to greet a client. */
export interface RemoteGreeter {
  greet(droneId: string, peerId: string): void;
}

/**
 * socket.io signaling: authenticates every socket, attaches it to its drone, validates every
 * request and answers every one. What a drone does lives in Drone; this is the wire.
 */
export class SignalingServer {
  private closing = false;
  private readonly now: () => number;
  private readonly perAddress: ConnectionsPerAddress;
  /** Set by the cluster when there are several hosts. */
  remoteGreeter: RemoteGreeter | undefined;

  constructor(
    readonly io: SignalingIo,
    private readonly options: SignalingOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.perAddress = new ConnectionsPerAddress(options.maxSocketsPerAddress ?? 64);
    io.use((socket, next) => {
      const address = socket.handshake.address;
      // Counted before anything else, forged tokens included: a flood costs its sender its share only.
      const giveBack = this.perAddress.take(address);
      try {
        if (!giveBack) throw new ProtocolError('RATE_LIMITED', `too many connections from ${address}`);
        socket.data.claims = options.tokens.verify((socket.handshake.auth as { token?: unknown }).token);
        // Checked once; kept on no socket: the Redis adapter hands other hosts each socket's handshake.
        socket.handshake.auth = {};
        socket.data.peerId = randomUUID();
        socket.data.since = Date.now();
        if (socket.data.claims.role === 'ground') this.admitAgent(socket.data.claims.drone, socket.handshake.address);
        socket.data.address = socket.handshake.address.slice(0, 64);
        socket.data.device = describeDevice(socket.handshake.headers['user-agent']);
        socket.once('disconnect', giveBack);
        next();
      } catch (error) {
        giveBack?.();
        const refusal = error instanceof ProtocolError ? error : new ProtocolError('UNAUTHENTICATED', 'access refused');
        options.logger.warn('socket refused', { address: socket.handshake.address, reason: refusal.message });
        next(Object.assign(new Error(refusal.message), { data: refusal.toBody() }));
      }
    });
    io.on('connection', (socket) => this.onConnection(socket));
  }

  close(): Promise<void> {
    this.closing = true;
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }

  /** A person's link was revoked: every socket of it, on every host, is told why and dropped. */
  dropHolder(subject: string, reason: string): void {
    const room = holderRoom(subject);
    // Sent before the close: engine.io drains what is queued before it closes a connection.
    typedRoom(this.io.to(room)).emit('session:closing', { reason, restartExpected: false });
    this.io.in(room).disconnectSockets(true);
  }

  /**
   * One ground agent per drone: whoever holds the ground token could otherwise take over the
   * pilots' commands by connecting again. A new one is refused while the current one is heard
   * from; one silent for longer than the heartbeat (its network dropped) is replaced.
   */
  private admitAgent(droneId: string, address: string): void {
    const current = this.options.drones.find(droneId)?.agent;
    if (!current) return;
    if (this.now() - current.heardAt < agentSilenceMs) {
      this.options.logger.warn('second ground agent refused', { drone: droneId, address });
      throw new ProtocolError('INVALID_STATE', `a ground agent is already connected for drone ${droneId}; stop it first`);
    }
    current.client.drop('silent ground agent replaced by a new connection');
    current.leave();
  }

  private onConnection(socket: ClientSocket): void {
    const { claims, peerId } = socket.data;
    const log = this.options.logger.child(`${claims.role}:${peerId.slice(0, 8)}`);
    log.info('connected', { drone: claims.drone, address: socket.handshake.address });
    const drone = this.options.drones.get(claims.drone);
    const typed = typedServerSocket(socket);
    void socket.join([droneRoom(drone.id), roleRoom(drone.id, claims.role), peerRoom(peerId), holderRoom(claims.sub)]);
    const client: DroneClient = {
      peerId,
      role: claims.role,
      connectionId: socket.id,
      turnHolder: turnQuotaHolder(claims, socket.data.address),
      send: (event, payload) => typed.emit(event, payload),
      drop: (reason) => {
        log.warn(`disconnected: ${reason}`);
        socket.disconnect(true);
      },
      // Requests to the ground agent are answered in socket.io's acknowledgement (validated by the asker).
      ask: (event, payload, timeoutMs) => typed.emitWithAck(event, payload, timeoutMs),
      logger: log,
    };
    const member = new DroneMember(drone, client, { turn: this.options.turn, closing: () => this.closing });
    // Every packet, pongs included: how a ground agent shows it is still there.
    member.heardAt = this.now();
    socket.conn.on('packet', () => (member.heardAt = this.now()));
    socket.emit('session:welcome', {
      peerId,
      role: claims.role,
      droneId: drone.id,
      serverTime: Date.now(),
      transports: drone.transports.current,
      mapTiles: this.options.mapTiles ?? null,
    });
    drone.greet(client.send, false, claims.role);
    // Another host may have the ground agent, and with it the drone's state.
    if (!drone.control.agentOnline) this.remoteGreeter?.greet(drone.id, peerId);
    void drone.announcePeers();

    // Telemetry (10/s) and dead-man pings (4/s) are the steady traffic; 50/s sustained leaves room.
    const limiter = new RateLimiter(50, 200);
    let limitedLogged = false;
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (!limiter.take()) {
        if (!limitedLogged) log.warn('client is flooding the server; refusing its messages for now');
        limitedLogged = true;
        if (typeof ack === 'function') (ack as (reply: Ack<unknown>) => void)(fail('RATE_LIMITED', 'too many messages; slow down'));
        return;
      }
      limitedLogged = false;
      if (isNotificationName(event) && typeof ack !== 'function') return onNotification(member, event, args[0], log);
      if (typeof ack !== 'function') {
        log.warn('request without acknowledgement dropped', { event: String(event).slice(0, 64) });
        return;
      }
      const reply = ack as (reply: Ack<unknown>) => void;
      if (!isRequestName(event)) return reply(fail('UNKNOWN_EVENT', `unknown event "${String(event).slice(0, 64)}"`));
      if (args.length !== 2) return reply(fail('INVALID_PAYLOAD', `${event}: expected exactly one payload object`));
      handle(member, event, args[0]).then(
        (data) => reply(ok(data)),
        (error: unknown) => {
          if (error instanceof ProtocolError) {
            log.info('request refused', { event, code: error.code, reason: error.message });
            reply({ ok: false, error: error.toBody() });
          } else {
            log.error('request failed', { event, error: (error as Error).stack ?? String(error) });
            reply(fail('INTERNAL', `${event} failed on the server`));
          }
        },
      );
    });

    socket.on('disconnect', (reason) => {
      log.info('disconnected', { reason });
      member.leave();
      if (!this.closing) void drone.announcePeers();
    });
  }
}

async function handle(member: DroneMember, event: RequestName, payload: unknown): Promise<unknown> {
  const request = parseRequest(event, payload);
  const handler = requestHandlers[event] as (member: DroneMember, request: unknown) => unknown;
  return handler(member, request);
}

function onNotification(member: DroneMember, event: NotificationName, payload: unknown, log: Logger): void {
  if (!notificationSenders[event].includes(member.role)) return log.warn(`a ${member.role} may not send ${event}`);
  const parsed = notificationSchemas[event].safeParse(payload);
  if (!parsed.success) return log.warn('malformed notification dropped', { event, reason: describeIssues(parsed.error) });
  const handler = notificationHandlers[event] as (member: DroneMember, payload: unknown) => void;
  handler(member, parsed.data);
}
