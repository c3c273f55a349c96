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
import type { TokenIssuer } from '../auth/TokenIssuer.ts';
import type { Drones } from '../drone/Drones.ts';
import { DroneMember, type DroneClient } from '../drone/DroneMember.ts';
import type { TurnIceServers } from '../turn/TurnIceServers.ts';
import { RateLimiter } from './RateLimiter.ts';
import { describeDevice } from './describeDevice.ts';
import { droneRoom, peerRoom, roleRoom } from './droneRooms.ts';
import { notificationHandlers, notificationSenders } from './notificationHandlers.ts';
import { requestHandlers } from './requestHandlers.ts';
import type { ClientSocket, SignalingIo } from './signalingIo.ts';

export interface SignalingOptions {
  tokens: TokenIssuer;
  drones: Drones;
  logger: Logger;
  /** TURN credentials for clients' transports (--turn-url); none when absent. */
  turn?: TurnIceServers | undefined;
  /** The map's tile URL template, for every page's welcome (null: the grid). */
  mapTiles?: string | null;
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
  /** Set by the cluster when there are several hosts. */
  remoteGreeter: RemoteGreeter | undefined;

  constructor(
    readonly io: SignalingIo,
    private readonly options: SignalingOptions,
  ) {
    io.use((socket, next) => {
      try {
        socket.data.claims = options.tokens.verify((socket.handshake.auth as { token?: unknown }).token);
        socket.data.peerId = randomUUID();
        socket.data.since = Date.now();
        socket.data.address = socket.handshake.address.slice(0, 64);
        socket.data.device = describeDevice(socket.handshake.headers['user-agent']);
        next();
      } catch (error) {
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

  private onConnection(socket: ClientSocket): void {
    const { claims, peerId } = socket.data;
    const log = this.options.logger.child(`${claims.role}:${peerId.slice(0, 8)}`);
    log.info('connected', { drone: claims.drone, address: socket.handshake.address });
    const drone = this.options.drones.get(claims.drone);
    const typed = typedServerSocket(socket);
    void socket.join([droneRoom(drone.id), roleRoom(drone.id, claims.role), peerRoom(peerId)]);
    const client: DroneClient = {
      peerId,
      role: claims.role,
      connectionId: socket.id,
      send: (event, payload) => typed.emit(event, payload),
      // Requests to the ground agent are answered in socket.io's acknowledgement (validated by the asker).
      ask: (event, payload, timeoutMs) => typed.emitWithAck(event, payload, timeoutMs),
      logger: log,
    };
    const member = new DroneMember(drone, client, { turn: this.options.turn, closing: () => this.closing });
    socket.emit('session:welcome', {
      peerId,
      role: claims.role,
      droneId: drone.id,
      serverTime: Date.now(),
      transports: drone.transports.current,
      mapTiles: this.options.mapTiles ?? null,
    });
    drone.greet(client.send, false);
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

