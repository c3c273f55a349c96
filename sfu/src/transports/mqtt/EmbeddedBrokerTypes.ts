import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from '@dronecast/protocol';
import type { TokenClaims } from '../../auth/TokenIssuer.ts';
import type { TransportSwitchboard } from '../TransportSwitchboard.ts';

/** What the broker needs of the token issuer: verify() throws for anything it did not issue. */
export interface TokenVerifier {
  verify(token: unknown): TokenClaims;
}

export interface EmbeddedBrokerOptions {
  tokens: TokenVerifier;
  /** Serve MQTT over WebSocket on this server (browsers). Omit for no WebSocket listener. */
  webServer?: HttpServer | HttpsServer;
  /** Default mqttWebSocketPath ('/mqtt'). Other upgrade paths (socket.io) are left alone. */
  webSocketPath?: string;
  /** Plain MQTT over TCP for tools such as mosquitto_sub. Port 0 turns it off. */
  tcp?: { host: string; port: number };
  logger?: Logger;
  /** Whether the console switched MQTT video off per drone; absent: always on. */
  switches?: TransportSwitchboard;
  /** Connections one address may hold (default 32). */
  maxConnectionsPerAddress?: number;
  /** How long a connection may take to complete CONNECT (default 10 s). */
  connectTimeoutMs?: number;
  /** Sessions kept across connections (clean=false), and how long one lives after its client left (default 32, 10 min). */
  maxPersistentSessions?: number;
  persistentSessionExpiryMs?: number;
}

/** Raised by EmbeddedBroker.start when a listener cannot start, e.g. the TCP port is taken. */
export class MqttBrokerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MqttBrokerStartError';
  }
}
