import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureCerts } from '@dronecast/certs';
import type { MqttBrokerChoice } from '@dronecast/protocol';
import { createLogger, readableLog } from '@dronecast/runtime';
import { freePort, freePortRange } from './freePort.ts';
import { Stack, type StackOptions } from './Stack.ts';

export interface LoopbackStack {
  stack: Stack;
  port: number;
  origin: string;
  dir: string;
  /** Pilot and viewer page URLs on 127.0.0.1. */
  pilotUrl: string;
  viewerUrl: string;
  /** The ground console page (http://127.0.0.1:<free port>/ground), served by the ground agent. */
  consoleUrl: string;
  /** The ground agent's photos and recordings. */
  mediaDir: string;
  logs(): Promise<string>;
  /** coturn's own output (with the `turn` option; empty otherwise): allocations, sessions, byte counts. */
  turnLog(): Promise<string>;
  stop(): Promise<void>;
}

export interface LoopbackStackOptions {
  camera?: string;
  drone?: string;
  /** The ground agent's --gcs, each. */
  gcs?: string[];
  workers?: number;
  /** More SFU flags (e.g. ['--consumers-per-router', '2']). */
  sfuArgs?: string[];
  maxBitrateKbps?: number;
  mqtt?: MqttBrokerChoice;
  /** Fixed ports, WebRTC addresses and the services' SFU URL, for a bench that puts relays in the way (free ports and 127.0.0.1 otherwise). */
  /** Also run coturn on a free loopback port (loopback peers allowed) and have the SFU hand out credentials for it. */
  turn?: boolean;
  /** A configuration file handed to every process, as `npm start -- --config <file>` does. */
  configFile?: string;
  network?: Pick<StackOptions, 'port' | 'rtcPort' | 'announcedAddress' | 'rtcListenIp' | 'servicesSfuUrl'>;
}

/**
 * The same processes `npm start` runs (SFU, ground agent with the test pattern, pose worker), on free
 * loopback ports with their own certificates and secret, output captured to log files:
 * what the browser tests and the benchmark run against.
 */
export async function startLoopbackStack(
  options: LoopbackStackOptions = {},
): Promise<LoopbackStack> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-'));
  const certs = await ensureCerts({ dir: path.join(dir, 'certs') });
  const port = options.network?.port ?? (await freePort());
  const workers = options.workers ?? 1;
  // Stacks run side by side: each ground console gets its own port, never the default 8090.
  const consolePort = await freePort();
  const stack = await Stack.start({
    port,
    rtcPort: options.network?.rtcPort ?? (await freePortRange(workers)),
    host: '127.0.0.1',
    publicHost: '127.0.0.1',
    announcedAddress: options.network?.announcedAddress ?? '127.0.0.1',
    rtcListenIp: options.network?.rtcListenIp,
    servicesSfuUrl: options.network?.servicesSfuUrl,
    workers,
    sfuArgs: options.sfuArgs,
    camera: options.camera,
    drone: options.drone,
    gcs: options.gcs,
    mqtt: options.mqtt,
    // No fixed TCP port for MQTT: stacks run side by side with each other and with a real mosquitto.
    mqttPort: 0,
    maxBitrateKbps: options.maxBitrateKbps,
    turn: options.turn ? await loopbackTurn() : undefined,
    consolePort,
    stateDir: path.join(dir, 'state'),
    certsDir: certs.dir,
    logDir: dir,
    configFile: options.configFile,
    restart: true,
    logger: createLogger('stack'),
  });
  const pick = (urls: string[]): string => urls.find((u) => u.includes('127.0.0.1')) ?? urls[0] ?? '';
  return {
    stack,
    port,
    origin: `https://127.0.0.1:${port}`,
    dir,
    pilotUrl: pick(stack.ready.pilotUrls),
    viewerUrl: pick(stack.ready.viewerUrls),
    consoleUrl: `http://127.0.0.1:${consolePort}/ground`,
    mediaDir: path.join(dir, 'state', 'media'),
    turnLog: () => fs.readFile(path.join(dir, 'turn.log'), 'utf8').catch(() => ''),
    logs: async () => {
      // The processes log JSON lines to these files (not a terminal); tests and people read them as text.
      const read = (name: string) =>
        fs.readFile(path.join(dir, `${name}.log`), 'utf8').then(readableLog, () => '');
      return `--- sfu.log\n${await read('sfu')}\n--- ground.log\n${await read('ground')}\n--- processing.log\n${await read('processing')}`;
    },
    stop: async () => {
      await stack.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** coturn on loopback: a free port, a random relay range, and relaying to 127.0.0.1 allowed (where the SFU is). */
async function loopbackTurn(): Promise<NonNullable<StackOptions['turn']>> {
  const minPort = 30_000 + Math.floor(Math.random() * 9000);
  return { port: await freePort(), listenIp: '127.0.0.1', publicHost: '127.0.0.1', minPort, maxPort: minPort + 40, allowLoopbackPeers: true };
}
