import net from 'node:net';
import { parser as mqttParser, type Packet } from 'mqtt-packet';
import { WebSocket } from 'ws';
import { mqttWebSocketPath } from '@dronecast/protocol';
import { sleep, type Fuzzer, type FuzzTarget } from './Fuzzer.ts';
import type { FuzzReport } from './FuzzReport.ts';
import { mqttCase, type MqttCase } from './mqttPackets.ts';
import type { Random } from '../support/Random.ts';

/** A valid CONNECT gets its CONNACK within this (the token check is the slow part). */
const answerTimeoutMs = 5000;
/** A damaged sequence may be answered, closed or ignored: this long decides which. */
const settleMs = 300;

/** One connection to the broker as the fuzzer sees it: bytes out, bytes in, closed or not. */
interface BrokerConnection {
  write(chunk: Buffer): void;
  received: Packet[];
  closed: boolean;
  /** Set when the connection could not be made, or the server refused the WebSocket upgrade. */
  refused: string | undefined;
  end(): void;
}

function track(onData: (listener: (data: Buffer) => void) => void): Pick<BrokerConnection, 'received'> {
  const received: Packet[] = [];
  const parse = mqttParser({ protocolVersion: 4 });
  parse.on('packet', (packet) => received.push(packet));
  // The broker's bytes are not under test here; a packet the parser cannot read still counts as an answer.
  parse.on('error', () => received.push({ cmd: 'disconnect' }));
  onData((data) => parse.parse(data));
  return { received };
}

function overTcp(port: number): Promise<BrokerConnection> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const { received } = track((listener) => socket.on('data', listener));
    const connection: BrokerConnection = {
      write: (chunk) => void socket.write(chunk),
      received,
      closed: false,
      refused: undefined,
      end: () => socket.destroy(),
    };
    let connected = false;
    socket.on('close', () => (connection.closed = true));
    socket.once('connect', () => {
      connected = true;
      resolve(connection);
    });
    // After the connection is made, an error is the broker resetting it: an answer like any close.
    socket.on('error', (error) => {
      if (connected) return;
      connection.refused = error.message;
      resolve(connection);
    });
  });
}

function overWebSocket(target: FuzzTarget): Promise<BrokerConnection> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`wss://127.0.0.1:${target.port}${mqttWebSocketPath}`, ['mqtt'], { ca: target.ca });
    const { received } = track((listener) => ws.on('message', (data: Buffer) => listener(data)));
    const connection: BrokerConnection = {
      write: (chunk) => ws.readyState === WebSocket.OPEN && ws.send(chunk),
      received,
      closed: false,
      refused: undefined,
      end: () => ws.terminate(),
    };
    ws.on('close', () => (connection.closed = true));
    ws.on('unexpected-response', (_request, response) => {
      connection.refused = `upgrade refused with HTTP ${response.statusCode}`;
      ws.terminate();
      resolve(connection);
    });
    ws.on('error', (error) => {
      connection.refused ??= error.message;
      resolve(connection);
    });
    ws.once('open', () => resolve(connection));
  });
}

/**
 * MQTT packets, valid and damaged, to the embedded broker over plain TCP and over WebSocket
 * (/mqtt). A broker may answer a damaged packet or close the connection; it must accept every
 * connection (a refusal means a leaked per-address slot or a dead broker), and answer a valid
 * CONNECT with a CONNACK: 0 with a real token, a refusal code with a bad one.
 */
export class MqttFuzzer implements Fuzzer {
  readonly kind = 'mqtt';
  readonly lanes = 2;

  constructor(
    private readonly target: FuzzTarget,
    private readonly report: FuzzReport,
    private readonly random: Random,
  ) {}

  async runCase(lane: number): Promise<void> {
    const overTcpNow = lane % 2 === 0;
    const fuzzCase = mqttCase(this.random, { valid: this.target.tokens.viewer, droneId: this.target.droneId });
    const kind = `${this.kind}-${overTcpNow ? 'tcp' : 'ws'}`;
    const connection = overTcpNow ? await overTcp(this.target.mqttTcpPort) : await overWebSocket(this.target);
    if (connection.refused) {
      this.report.count(kind, 'connection-refused');
      this.report.fail(kind, `the broker refused a connection: ${connection.refused}`, fuzzCase.description);
      return;
    }
    for (const chunk of fuzzCase.chunks) connection.write(chunk);
    await this.settle(connection, fuzzCase);
    const connack = connection.received.find((packet) => packet.cmd === 'connack');
    const code = connack && 'returnCode' in connack ? connack.returnCode : undefined;
    this.report.count(kind, connack ? `connack-${code}` : connection.received.length > 0 ? 'answered' : connection.closed ? 'closed' : 'silent');
    const missed =
      (fuzzCase.expect === 'connack-accepted' && code !== 0) || (fuzzCase.expect === 'connack-refused' && (code === undefined || code === 0));
    // The bytes in full (a valid CONNECT is a few hundred): the server's refusal can be replayed exactly.
    const sent = `${fuzzCase.description}; chunks ${fuzzCase.chunks.map((chunk) => chunk.toString('hex')).join(' | ')}`;
    if (missed) this.report.fail(kind, `expected ${fuzzCase.expect}, got ${connack ? `CONNACK ${code}` : connection.closed ? 'a close' : 'nothing'}`, sent);
    connection.end();
  }

  async close(): Promise<void> {}

  private async settle(connection: BrokerConnection, fuzzCase: MqttCase): Promise<void> {
    const until = Date.now() + (fuzzCase.expect === 'nothing' ? settleMs : answerTimeoutMs);
    while (Date.now() < until && !connection.closed) {
      if (fuzzCase.expect !== 'nothing' && connection.received.some((packet) => packet.cmd === 'connack')) return;
      await sleep(20);
    }
  }
}
