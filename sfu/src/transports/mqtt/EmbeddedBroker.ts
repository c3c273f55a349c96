import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthErrorCode, type AuthenticateError, type Client, type UnsubscribePacket } from 'aedes';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { isSwitchedOff, maxJpegFrameMessageBytes, mqttTopics, mqttWebSocketPath, type Logger, type Role } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import type { TokenClaims } from '../../auth/TokenIssuer.ts';
import { mayPublish, maySubscribe, reachesOnlyVideo } from './mqttAccessRules.ts';
import { ConnectionsPerAddress } from '../../limits/ConnectionsPerAddress.ts';
import { MqttPacketSizes } from './MqttPacketSizes.ts';
import { PersistentSessions } from './PersistentSessions.ts';
import { VideoDemand } from './VideoDemand.ts';
import { MqttBrokerStartError, type EmbeddedBrokerOptions, type TokenVerifier } from './EmbeddedBrokerTypes.ts';

/** MQTT 3.1.1 CONNACK code 4; the password is the token, so a bad token is a bad password. */
const badUsernameOrPassword = 4 as AuthErrorCode;
/**
 * The largest MQTT packet each client may send. Before CONNECT is accepted nobody is known: a
 * CONNECT carries a client id, the token and perhaps a will, a few kilobytes. Then only the ground
 * agent publishes video frames; everyone else subscribes and pings.
 */
const packetLimits = {
  unknown: 16 * 1024,
  ground: maxJpegFrameMessageBytes + 4 * 1024,
  other: 16 * 1024,
} as const;
/** A WebSocket message carries one MQTT packet from mqtt.js; a frame is the largest. */
const maxWebSocketMessageBytes = packetLimits.ground + 4 * 1024;
/** A phone behind a carrier's NAT shares its address with others: room for a crowd, not for a flood. */
const defaultConnectionsPerAddress = 32;
const defaultConnectTimeoutMs = 10_000;
const defaultPersistentSessions = 32;
const defaultPersistentSessionExpiryMs = 10 * 60_000;
/** SUBACK return code of a refused subscription; aedes reports it as the subscription's qos. */
const subscriptionRefused = 128;

/**
 * aedes inside the SFU process: MQTT over WebSocket on the SFU's HTTPS server (browsers) and,
 * optionally, plain MQTT over TCP (tools). Clients authenticate with the SFU's tokens, passed as
 * the MQTT password, and are confined to their drone's topics.
 */
export class EmbeddedBroker {
  private readonly claims = new WeakMap<Client, TokenClaims>();
  /** Connected clients by id, to take a subscription back when the console switches video off. */
  private readonly clients = new Map<string, Client>();
  private readonly demand = new VideoDemand(
    (droneId, subscribers) => this.announceDemand(droneId, subscribers),
    (droneId) => this.videoSwitchedOff(droneId),
  );
  private webSockets: WebSocketServer | undefined;
  private tcpServer: net.Server | undefined;
  private closing: Promise<void> | undefined;
  private stopWatchingSwitches: (() => void) | undefined;
  /** The role of the client on each connection, once its CONNECT was accepted. */
  private readonly roles = new WeakMap<object, Role>();
  private readonly perAddress: ConnectionsPerAddress;
  private readonly persistent: PersistentSessions;

  private constructor(
    private readonly aedes: Aedes,
    private readonly options: EmbeddedBrokerOptions,
    private readonly logger: Logger,
  ) {
    this.perAddress = new ConnectionsPerAddress(options.maxConnectionsPerAddress ?? defaultConnectionsPerAddress);
    this.persistent = new PersistentSessions(
      options.maxPersistentSessions ?? defaultPersistentSessions,
      options.persistentSessionExpiryMs ?? defaultPersistentSessionExpiryMs,
      (clientId) => {
        this.logger.info(`MQTT persistent session ${clientId} expired`);
        // aedes' typings leave out its persistence; cleanSubscriptions is what a clean CONNECT does.
        const { persistence } = this.aedes as unknown as { persistence: { cleanSubscriptions(client: { id: string }): Promise<void> } };
        void persistence.cleanSubscriptions({ id: clientId });
      },
    );
  }

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const logger = options.logger ?? createLogger('mqtt-broker');
    // A connection that never completes CONNECT is dropped, whatever it sends meanwhile.
    const aedes = await Aedes.createBroker({ connectTimeout: options.connectTimeoutMs ?? defaultConnectTimeoutMs });
    const broker = new EmbeddedBroker(aedes, options, logger);
    broker.installAccessRules(options.tokens);
    broker.stopWatchingSwitches = options.switches?.onSwitched(broker.onSwitched);
    try {
      if (options.tcp && options.tcp.port !== 0) await broker.listenTcp(options.tcp.host, options.tcp.port);
      if (options.webServer) broker.attachWebSocket();
    } catch (error) {
      await broker.close();
      throw error;
    }
    return broker;
  }

  /** The bound TCP port, or undefined when MQTT over TCP is off. */
  get tcpPort(): number | undefined {
    const address = this.tcpServer?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  get connectedClients(): number {
    return this.aedes.connectedClients;
  }

  /** MQTT clients subscribed to a drone's video (0 while the console has MQTT video off). */
  videoSubscribers(droneId: string): number {
    return this.demand.count(droneId);
  }

  /** Stops both listeners and disconnects every client; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** How many connections the broker carries per address now (TCP and WebSocket together). */
  connectionsFrom(address: string): number {
    return this.perAddress.count(address);
  }

  /** A person's link was revoked: its MQTT connections go. */
  dropHolder(subject: string): void {
    for (const client of this.clients.values()) if (this.claims.get(client)?.sub === subject) client.close();
  }

  get persistentSessions(): number {
    return this.persistent.size;
  }

  private installAccessRules(tokens: TokenVerifier): void {
    this.aedes.preConnect = (_client, packet, done) => {
      if (packet.clean) {
        this.persistent.dropped(packet.clientId);
        return done(null, true);
      }
      if (this.persistent.admit(packet.clientId)) return done(null, true);
      this.logger.warn(`MQTT client ${packet.clientId.slice(0, 64)} refused: ${this.persistent.max} persistent sessions already (connect with a clean session)`);
      done(new Error('too many persistent sessions'), false);
    };
    this.aedes.authenticate = (client, _username, password, done) => {
      try {
        const claims = tokens.verify(password?.toString('utf8'));
        this.claims.set(client, claims);
        this.roles.set(client.conn, claims.role);
        done(null, true);
      } catch (error) {
        this.logger.warn(`MQTT client ${client.id} refused: ${(error as Error).message}`);
        const refusal = Object.assign(new Error((error as Error).message), { returnCode: badUsernameOrPassword }) as AuthenticateError;
        done(refusal, false);
      }
    };
    this.aedes.authorizePublish = (client, packet, done) => {
      // client is null for the broker's own publishes (none today), which need no check.
      const claims = client ? this.claims.get(client) : undefined;
      if (client && !(claims && mayPublish(claims, packet.topic))) {
        this.logger.warn(`MQTT client ${client.id} (${claims?.role ?? 'unknown'}) may not publish on ${packet.topic}`);
        done(new Error(`not allowed to publish on ${packet.topic}`));
        return;
      }
      done(null);
    };
    this.aedes.authorizeSubscribe = (client, subscription, done) => {
      const claims = this.claims.get(client);
      if (!(claims && maySubscribe(claims, subscription.topic))) {
        this.logger.warn(`MQTT client ${client.id} (${claims?.role ?? 'unknown'}) may not subscribe to ${subscription.topic}`);
        // null (not an error) refuses just this subscription (SUBACK 0x80) and keeps the client.
        done(null, null);
        return;
      }
      if (this.videoSwitchedOff(claims.drone) && reachesOnlyVideo(claims.drone, subscription.topic)) {
        this.logger.info(`MQTT client ${client.id} (${claims.role}) refused ${subscription.topic}: the console switched MQTT video off`);
        done(null, null);
        return;
      }
      done(null, subscription);
    };
    // A broad filter ("dronecast/<drone>/#") keeps its telemetry while video is off, but no frame.
    this.aedes.authorizeForward = (client, packet) => {
      const claims = this.claims.get(client);
      if (claims && packet.topic === mqttTopics.videoJpeg(claims.drone) && this.videoSwitchedOff(claims.drone)) return null;
      return packet;
    };
    this.aedes.on('clientError', (client, error) => this.logger.debug(`MQTT client ${client.id}: ${error.message}`));
    this.aedes.on('subscribe', (subscriptions, client) => {
      // Refused subscriptions come too, with qos 128 (outside aedes' QoS type): they watch nothing.
      const granted = subscriptions.filter((s) => (s.qos as number) !== subscriptionRefused);
      this.demand.subscribed(client.id, granted.map((s) => s.topic));
    });
    this.aedes.on('unsubscribe', (topics, client) => this.demand.unsubscribed(client.id, topics));
    this.aedes.on('clientDisconnect', (client) => {
      if (!client.clean) this.persistent.left(client.id);
      if (this.clients.get(client.id) === client) this.clients.delete(client.id);
      this.demand.gone(client.id);
    });
    this.aedes.on('client', (client) => {
      this.clients.set(client.id, client);
      // A ground agent that connects learns the current demand at once, zero included.
      const claims = this.claims.get(client);
      if (claims?.role === 'ground') this.announceDemand(claims.drone, this.demand.count(claims.drone));
    });
  }

  private videoSwitchedOff(droneId: string): boolean {
    return this.options.switches ? isSwitchedOff(this.options.switches.current(droneId), 'mqtt') : false;
  }

  /**
   * The console switched a drone's MQTT video off or on. Off: each client's video-only filters are
   * taken back (MQTT 3.1.1 has no way to tell a client why, so its video just stops; subscribing
   * again is refused), broad filters keep their telemetry without the video, and the demand drops
   * to zero. Taking back one subscription, rather than closing the connection, leaves MQTT tools
   * their telemetry without a reconnect. On: the demand counts the broad filters again; a client
   * whose subscription was taken back subscribes again.
   */
  private readonly onSwitched = (droneId: string): void => {
    if (this.videoSwitchedOff(droneId)) {
      for (const [clientId, filters] of this.demand.watching(droneId)) {
        const videoOnly = [...filters].filter((filter) => reachesOnlyVideo(droneId, filter));
        const client = this.clients.get(clientId);
        if (!client || videoOnly.length === 0) continue;
        this.logger.info(`MQTT video switched off: ${clientId} unsubscribed from ${videoOnly.join(', ')}`);
        // No messageId: aedes drops the subscriptions without sending an UNSUBACK the client never asked for.
        client.unsubscribe({ cmd: 'unsubscribe', unsubscriptions: videoOnly } as UnsubscribePacket, (error) => {
          if (error) this.logger.warn(`MQTT client ${clientId} kept ${videoOnly.join(', ')}: ${error.message}`);
        });
      }
    }
    this.demand.announce(droneId);
  };

  /** Tells the drone's ground agent (retained, so it hears it whenever it connects) how many watch its video. */
  private announceDemand(droneId: string, subscribers: number): void {
    const payload = Buffer.from(JSON.stringify({ subscribers }));
    this.aedes.publish({ cmd: 'publish', topic: mqttTopics.videoDemand(droneId), payload, qos: 0, retain: true, dup: false }, () => undefined);
  }

  private listenTcp(host: string, port: number): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket, socket.remoteAddress ?? 'unknown'));
    this.tcpServer = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const why =
          error.code === 'EADDRINUSE'
            ? `MQTT port ${port} on ${host} is already in use (another broker, such as mosquitto?); choose another port, or 0 to turn MQTT over TCP off`
            : `MQTT over TCP cannot listen on ${host}:${port}: ${error.message}`;
        this.tcpServer = undefined;
        reject(new MqttBrokerStartError(why));
      });
      server.listen(port, host, () => {
        server.on('error', (error) => this.logger.error(`MQTT over TCP: ${error.message}`));
        this.logger.info(`MQTT over TCP on ${host}:${this.tcpPort ?? port}`);
        resolve();
      });
    });
  }

  private attachWebSocket(): void {
    const path = this.options.webSocketPath ?? mqttWebSocketPath;
    this.webSockets = new WebSocketServer({ noServer: true, maxPayload: maxWebSocketMessageBytes });
    this.options.webServer?.on('upgrade', this.onUpgrade);
    this.logger.info(`MQTT over WebSocket on ${path}`);
  }

  /** Takes only upgrades for our path; socket.io answers its own /socket.io/ upgrades. */
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = this.options.webSocketPath ?? mqttWebSocketPath;
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const webSockets = this.webSockets;
    if (pathname !== path || !webSockets) return;
    const address = request.socket.remoteAddress ?? 'unknown';
    // Refused before the upgrade: a flood from one address costs no WebSocket.
    if (this.perAddress.count(address) >= this.perAddress.max) {
      this.logger.warn(`MQTT over WebSocket from ${address} refused: ${this.perAddress.max} connections from there already`);
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const stream = createWebSocketStream(ws);
      // A dropped phone connection surfaces here; aedes cleans up the client itself.
      stream.on('error', (error) => this.logger.debug(`MQTT WebSocket: ${error.message}`));
      this.accept(stream, address, request);
    });
  };

  /**
   * Hands a connection to aedes within the limits: connections per address, and the size of each
   * packet, checked at its header against what this client may send.
   */
  private accept(conn: Duplex, address: string, request?: IncomingMessage): void {
    const giveBack = this.perAddress.take(address);
    if (!giveBack) {
      this.logger.warn(`MQTT connection from ${address} refused: ${this.perAddress.max} connections from there already`);
      conn.destroy();
      return;
    }
    conn.once('close', giveBack);
    this.aedes.handle(conn, request);
    const sizes = new MqttPacketSizes(() => {
      const role = this.roles.get(conn);
      return role === undefined ? packetLimits.unknown : role === 'ground' ? packetLimits.ground : packetLimits.other;
    });
    // aedes reads with read() on 'readable'; a 'data' listener sees each chunk as aedes takes it, without changing the flow.
    conn.on('data', (chunk: Buffer) => {
      const size = sizes.feed(chunk);
      if (size === undefined) return;
      const role = this.roles.get(conn) ?? 'unauthenticated client';
      this.logger.warn(`MQTT connection from ${address} (${role}) dropped: a packet of ${Number.isFinite(size) ? `${size} bytes` : 'malformed length'} is over the limit`);
      conn.destroy();
    });
  }

  private async shutDown(): Promise<void> {
    this.stopWatchingSwitches?.();
    this.options.webServer?.off('upgrade', this.onUpgrade);
    const tcpClosed = new Promise<void>((resolve) => (this.tcpServer ? this.tcpServer.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    for (const ws of this.webSockets?.clients ?? []) ws.terminate();
    await new Promise<void>((resolve) => (this.webSockets ? this.webSockets.close(() => resolve()) : resolve()));
    await tcpClosed;
  }
}
