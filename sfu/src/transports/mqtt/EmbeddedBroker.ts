import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthErrorCode, type AuthenticateError, type Client, type UnsubscribePacket } from 'aedes';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { createLogger, isSwitchedOff, mqttTopics, mqttWebSocketPath, type Logger } from '@dronecast/protocol';
import type { TokenClaims } from '../../auth/TokenIssuer.ts';
import { mayPublish, maySubscribe, reachesOnlyVideo } from './mqttAccessRules.ts';
import { VideoDemand } from './VideoDemand.ts';
import { MqttBrokerStartError, type EmbeddedBrokerOptions, type TokenVerifier } from './EmbeddedBrokerTypes.ts';

/** MQTT 3.1.1 CONNACK code 4; the password is the token, so a bad token is a bad password. */
const badUsernameOrPassword = 4 as AuthErrorCode;
/** Frames are published through the WebSocket too (the ground agent's default path). */
const maxWebSocketMessageBytes = 16 * 1024 * 1024;
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

  private constructor(
    private readonly aedes: Aedes,
    private readonly options: EmbeddedBrokerOptions,
    private readonly logger: Logger,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const logger = options.logger ?? createLogger('mqtt-broker');
    const aedes = await Aedes.createBroker();
    const broker = new EmbeddedBroker(aedes, options, logger);
    broker.installAccessRules(options.tokens);
    options.switches?.on('changed', broker.onSwitched);
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

  private installAccessRules(tokens: TokenVerifier): void {
    this.aedes.authenticate = (client, _username, password, done) => {
      try {
        this.claims.set(client, tokens.verify(password?.toString('utf8')));
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
    const server = net.createServer((socket) => this.aedes.handle(socket));
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
    webSockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const stream = createWebSocketStream(ws);
      // A dropped phone connection surfaces here; aedes cleans up the client itself.
      stream.on('error', (error) => this.logger.debug(`MQTT WebSocket: ${error.message}`));
      this.aedes.handle(stream, request);
    });
  };

  private async shutDown(): Promise<void> {
    this.options.switches?.off('changed', this.onSwitched);
    this.options.webServer?.off('upgrade', this.onUpgrade);
    const tcpClosed = new Promise<void>((resolve) => (this.tcpServer ? this.tcpServer.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    for (const ws of this.webSockets?.clients ?? []) ws.terminate();
    await new Promise<void>((resolve) => (this.webSockets ? this.webSockets.close(() => resolve()) : resolve()));
    await tcpClosed;
  }
}
