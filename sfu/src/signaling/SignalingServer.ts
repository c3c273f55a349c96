import { randomUUID } from 'node:crypto';
import type { Server as HttpsServer } from 'node:https';
import { Server, type Socket } from 'socket.io';
import {
  applyAnswerSchema,
  describeIssues,
  fail,
  isNotificationName,
  isRequestName,
  mayConsume,
  notificationSchemas,
  ok,
  parseRequest,
  ProtocolError,
  type Ack,
  type GroundAgentRequestName,
  type Logger,
  type NotificationName,
  type NotificationPayload,
  type Role,
  type RequestName,
  type ServerEventName,
  type ServerEventPayload,
  type ServerEvents,
} from '@dronecast/protocol';
import { DroneControls } from '../control/DroneControls.ts';
import type { VideoAgent } from '../control/DroneVideoSettings.ts';
import type { TokenClaims, TokenIssuer } from '../auth/TokenIssuer.ts';
import type { DroneRouter } from '../media/DroneRouter.ts';
import type { DroneRouters } from '../media/DroneRouters.ts';
import type { CaptureAgentChannel } from '../gallery/DroneCapture.ts';
import type { DroneCaptures } from '../gallery/DroneCaptures.ts';
import { MediaPeer } from '../media/MediaPeer.ts';
import type { DroneTransportSwitches } from '../transports/DroneTransportSwitches.ts';
import type { TurnIceServers } from '../turn/TurnIceServers.ts';
import { RateLimiter } from './RateLimiter.ts';
import { describeDevice } from './describeDevice.ts';
import { requestHandlers, type RequestContext } from './requestHandlers.ts';

interface SocketData {
  claims: TokenClaims;
  peerId: string;
  /** For the console's list of who is connected. */
  since: number;
}
type ClientSocket = Socket<Record<string, never>, ServerEvents, Record<string, never>, SocketData>;

export interface SignalingOptions {
  tokens: TokenIssuer;
  routers: DroneRouters;
  logger: Logger;
  /** What each drone offers now, told to every client in its welcome and on change. */
  transports: DroneTransportSwitches;
  /** Photos, recordings and galleries, per drone (shared with the HTTP routes). */
  captures: DroneCaptures;
  /** TURN credentials for clients' transports (--turn-url); none when absent. */
  turn?: TurnIceServers | undefined;
  /** The map's tile URL template, for every page's welcome (null: the grid). */
  mapTiles?: string | null;
}

const droneRoom = (droneId: string): string => `drone:${droneId}`;

/** Who may send each notification: telemetry and events come from the ground agent, the dead-man ping from the pilot. */
const notificationSenders: Record<NotificationName, readonly Role[]> = {
  'drone:telemetry': ['ground'],
  'drone:event': ['ground'],
  'control:alive': ['pilot'],
  'video:quality': ['ground'],
  'capture:recording': ['ground'],
  'gallery:changed': ['ground'],
  'pose:seen': ['processing'],
};

/** socket.io signaling: authenticates every socket, validates every request, answers every one. */
export class SignalingServer {
  readonly io: Server<Record<string, never>, ServerEvents, Record<string, never>, SocketData>;
  private readonly watchedRouters = new WeakSet<DroneRouter>();
  readonly controls: DroneControls;
  private closing = false;

  constructor(
    httpServer: HttpsServer,
    private readonly options: SignalingOptions,
  ) {
    // Above 1 MB socket.io itself drops the connection; below it we answer PAYLOAD_TOO_LARGE.
    this.io = new Server(httpServer, { maxHttpBufferSize: 1_000_000, serveClient: false, pingInterval: 5000, pingTimeout: 5000 });
    this.io.use((socket, next) => {
      try {
        socket.data.claims = options.tokens.verify((socket.handshake.auth as { token?: unknown }).token);
        socket.data.peerId = randomUUID();
        socket.data.since = Date.now();
        next();
      } catch (error) {
        const refusal = error instanceof ProtocolError ? error : new ProtocolError('UNAUTHENTICATED', 'access refused');
        options.logger.warn('socket refused', { address: socket.handshake.address, reason: refusal.message });
        next(Object.assign(new Error(refusal.message), { data: refusal.toBody() }));
      }
    });
    this.controls = new DroneControls(
      {
        toDrone: (droneId, event, payload) => this.emitToDrone(droneId, event, payload),
        toPeer: (peerId, event, payload) => {
          for (const socket of this.io.sockets.sockets.values()) if (socket.data.peerId === peerId) emit(socket, event, payload);
        },
      },
      options.logger.child('control'),
      async (droneId, producerId) => (await options.routers.get(droneId)).list().find((p) => p.producerId === producerId)?.peerId,
    );
    options.captures.on('recording', (droneId, state) => this.emitToDrone(droneId, 'capture:recording', state));
    options.captures.on('changed', (droneId, change) => this.emitToDrone(droneId, 'gallery:changed', change));
    options.transports.on('changed', (droneId, transports) => this.emitToDrone(droneId, 'video:transports', transports));
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  close(): Promise<void> {
    this.closing = true;
    this.controls.close();
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }

  private onConnection(socket: ClientSocket): void {
    const { claims, peerId } = socket.data;
    const log = this.options.logger.child(`${claims.role}:${peerId.slice(0, 8)}`);
    log.info('connected', { drone: claims.drone, address: socket.handshake.address });
    const peer = new MediaPeer(peerId, claims.role, () => this.routerFor(claims.drone), this.options.turn);
    peer.on('consumerClosed', (consumerId) => socket.emit('media:consumerClosed', { consumerId }));
    peer.on('routerLost', () => {
      if (this.closing) return;
      log.warn('media lost with its worker; asking the client to reconnect');
      socket.emit('session:reconnect', { reason: 'the media server restarted a worker; rebuild your transports' });
    });
    const control = this.controls.get(claims.drone);
    const video = this.controls.videoSettings(claims.drone);
    const isAgent = claims.role === 'ground';
    const capture = this.options.captures.get(claims.drone);
    const pose = this.controls.poseControl(claims.drone);
    const context: RequestContext = {
      peerId,
      role: claims.role,
      agent: isAgent,
      media: peer,
      control,
      video,
      capture,
      pose,
      droneId: claims.drone,
      transports: this.options.transports,
    };
    void socket.join(droneRoom(claims.drone));
    socket.emit('session:welcome', { peerId, role: claims.role, droneId: claims.drone, serverTime: Date.now(), transports: this.options.transports.current(claims.drone), mapTiles: this.options.mapTiles ?? null });
    socket.emit('control:lease', { holder: control.holder });
    socket.emit('drone:agent', { online: control.agentOnline });
    const telemetry = this.controls.lastTelemetry(claims.drone);
    if (telemetry) socket.emit('drone:telemetry', telemetry);
    if (video.quality) socket.emit('video:quality', video.quality);
    socket.emit('capture:recording', capture.recordingState);
    socket.emit('pose:control', pose.state);
    this.announcePeers(claims.drone);
    const videoAgent: VideoAgent = {
      apply: async (quality) => {
        const answer = applyAnswerSchema.safeParse(await askAgent(socket, 'video:apply', quality, 10_000));
        return answer.success ? answer.data : { ok: false, message: 'malformed answer from the ground station' };
      },
      limitBitrate: (kbps) => peer.setMaxIncomingBitrate(kbps * 1000),
    };
    const captureAgent: CaptureAgentChannel = { id: socket.id, ask: (event, payload, timeoutMs) => askAgent(socket, event, payload, timeoutMs) };
    if (isAgent) {
      control.attachAgent({ id: socket.id, send: (command, timeoutMs) => askAgent(socket, 'drone:command', command, timeoutMs) });
      video.attachAgent(videoAgent);
      capture.attachAgent(captureAgent);
    }

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
      if (isNotificationName(event) && typeof ack !== 'function') return this.onNotification(socket, context, event, args[0], log);
      if (typeof ack !== 'function') {
        log.warn('request without acknowledgement dropped', { event: String(event).slice(0, 64) });
        return;
      }
      const reply = ack as (reply: Ack<unknown>) => void;
      if (!isRequestName(event)) return reply(fail('UNKNOWN_EVENT', `unknown event "${String(event).slice(0, 64)}"`));
      if (args.length !== 2) return reply(fail('INVALID_PAYLOAD', `${event}: expected exactly one payload object`));
      this.handle(context, event, args[0]).then(
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
      control.peerGone(peerId);
      pose.peerGone(peerId);
      if (isAgent) {
        control.detachAgent(socket.id);
        video.detachAgent(videoAgent);
        capture.detachAgent(socket.id);
      }
      peer.close();
      this.announcePeers(claims.drone);
    });
  }

  /** Tells the drone's consoles who is connected (joins and leaves are rare; the list is small). */
  private announcePeers(droneId: string): void {
    const sockets = [...this.socketsOf(droneId)];
    const consoles = sockets.filter((socket) => socket.data.claims.role === 'console');
    if (consoles.length === 0) return;
    const peers = sockets
      .filter((socket) => socket.connected)
      .map((socket) => ({
        peerId: socket.data.peerId,
        role: socket.data.claims.role,
        since: socket.data.since,
        address: socket.handshake.address.slice(0, 64),
        device: describeDevice(socket.handshake.headers['user-agent']),
      }));
    for (const socket of consoles) emit(socket, 'session:peers', { peers });
  }

  private async handle(context: RequestContext, event: RequestName, payload: unknown): Promise<unknown> {
    const request = parseRequest(event, payload);
    const handler = requestHandlers[event] as (context: RequestContext, request: unknown) => unknown;
    return handler(context, request);
  }

  /** Fire-and-forget messages: validated and role-checked like requests, but nobody is answered. */
  private onNotification(socket: ClientSocket, context: RequestContext, event: NotificationName, payload: unknown, log: Logger): void {
    if (!notificationSenders[event].includes(context.role)) return log.warn(`a ${context.role} may not send ${event}`);
    const parsed = notificationSchemas[event].safeParse(payload);
    if (!parsed.success) return log.warn('malformed notification dropped', { event, reason: describeIssues(parsed.error) });
    const handler = this.notificationHandlers[event] as (socket: ClientSocket, context: RequestContext, payload: unknown) => void;
    handler(socket, context, parsed.data);
  }

  private readonly notificationHandlers: {
    [E in NotificationName]: (socket: ClientSocket, context: RequestContext, payload: NotificationPayload<E>) => void;
  } = {
    'drone:telemetry': (socket, _context, sample) => {
      const droneId = socket.data.claims.drone;
      const previous = this.controls.lastTelemetry(droneId);
      this.controls.recordTelemetry(droneId, sample);
      // Routine samples are superseded 10 times a second: a slow phone skips them rather than
      // queueing. A sample that changes the flight state or the link must arrive.
      const changed = previous?.state !== sample.state || previous?.linkLost !== sample.linkLost;
      const room = socket.to(droneRoom(droneId));
      (changed ? room : room.volatile).emit('drone:telemetry', sample);
    },
    'drone:event': (socket, _context, event) => void socket.to(droneRoom(socket.data.claims.drone)).emit('drone:event', event),
    'control:alive': (_socket, { control, peerId }) => control.alive(peerId),
    'video:quality': (_socket, { video, agent }, quality) => {
      if (agent) void video.reported(quality);
    },
    'capture:recording': (_socket, { capture, agent }, state) => {
      if (agent) capture.reportedRecording(state);
    },
    'gallery:changed': (_socket, { capture, agent }, change) => {
      if (agent) capture.reportedChange(change);
    },
    // Superseded a few times a second: a slow phone may skip some.
    'pose:seen': (socket, _context, seen) => void socket.to(droneRoom(socket.data.claims.drone)).volatile.emit('pose:seen', seen),
  };

  private emitToDrone<E extends ServerEventName>(droneId: string, event: E, payload: ServerEventPayload<E>): void {
    for (const socket of this.socketsOf(droneId)) emit(socket, event, payload);
  }

  /** Gets the drone's router and, once per router, relays its producer events to that drone's clients. */
  private async routerFor(droneId: string): Promise<DroneRouter> {
    const router = await this.options.routers.get(droneId);
    if (!this.watchedRouters.has(router)) {
      this.watchedRouters.add(router);
      router.on('producerAdded', (info) => {
        for (const socket of this.socketsOf(droneId)) {
          if (socket.data.peerId !== info.peerId && mayConsume(socket.data.claims.role, info.source)) {
            socket.emit('media:producerAdded', info);
          }
        }
      });
      router.on('producerClosed', (producerId) => this.io.to(droneRoom(droneId)).emit('media:producerClosed', { producerId }));
    }
    return router;
  }

  private *socketsOf(droneId: string): Iterable<ClientSocket> {
    for (const socket of this.io.sockets.sockets.values()) if (socket.data.claims?.drone === droneId) yield socket;
  }
}

/** socket.io's typings cannot relate a generic event name to its payload; the signature here does. */
function emit<E extends ServerEventName>(socket: ClientSocket, event: E, payload: ServerEventPayload<E>): void {
  (socket as unknown as { emit(event: string, payload: unknown): void }).emit(event, payload);
}

/** Requests to the ground agent are answered in socket.io's acknowledgement (validated by the caller). */
function askAgent<E extends 'drone:command' | 'video:apply' | GroundAgentRequestName>(socket: ClientSocket, event: E, payload: ServerEventPayload<E>, timeoutMs: number): Promise<unknown> {
  const raw = socket as unknown as { timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> } };
  return raw.timeout(timeoutMs).emitWithAck(event, payload);
}
