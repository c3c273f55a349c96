import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sfuReadySchema, type Logger, type MqttBrokerChoice, type SfuReady, type TurnReady } from '@dronecast/protocol';
import { mqttBrokerChoiceArgs } from '@dronecast/runtime';
import { ManagedProcess } from './ManagedProcess.ts';
import { sfuTurnArgs, startTurnProcess, type TurnOptions } from './TurnProcess.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StackOptions {
  port: number;
  rtcPort: number;
  host?: string;
  publicHost?: string;
  announcedAddress?: string;
  /** Where mediasoup listens for WebRTC (the SFU's default 0.0.0.0 when absent). */
  rtcListenIp?: string;
  /** The SFU as the ground agent and the pose worker reach it (https://127.0.0.1:<port> when absent; a bench puts an impaired path here). */
  servicesSfuUrl?: string;
  workers?: number;
  /** More SFU flags, after the ones above (e.g. --consumers-per-router for the scaling tests). */
  sfuArgs?: string[];
  droneId?: string;
  camera?: string;
  /** MAVLink connection string; the ground agent's embedded simulator when absent. */
  drone?: string;
  /** MAVLink ground stations the ground agent routes the drone to (its --gcs, each). */
  gcs?: readonly string[];
  /** Embedded broker (default), an external one, or none (sockets-only). */
  mqtt?: MqttBrokerChoice;
  /** The embedded broker's plain TCP port (default 1883; 0 = off). */
  mqttPort?: number;
  maxBitrateKbps?: number;
  /** The pilots' map tiles (SFU --map-tiles). */
  mapTiles?: string;
  /** How long the printed links work (SFU --link-ttl, e.g. 7d). */
  linkTtl?: string | undefined;
  /** Also run coturn (npm run turn) and have the SFU hand out credentials for it. */
  turn?: TurnOptions;
  /** The ground console's loopback HTTP port (the ground agent's default 8090 when absent; 0 = off). */
  consolePort?: number;
  stateDir: string;
  certsDir: string;
  /** The configuration file each process reads its own section of (--config); what the options here set wins over it. */
  configFile?: string;
  /** Where process output goes; the terminal when absent. */
  logDir?: string;
  /** Restart processes that die (true for npm start; tests that kill processes want it too). */
  restart: boolean;
  logger: Logger;
}

export interface StackEvents {
  /** A process exited with code 2: its flags or configuration are wrong, and restarting won't help. */
  configurationError: [processName: string];
}

/** The processes `npm start` runs: the SFU, then the ground agent and the pose worker that connect to it. */
export class Stack extends EventEmitter<StackEvents> {
  /** Processes that refused their configuration so far (also told through the event). */
  readonly refusedConfiguration: string[] = [];

  private constructor(
    readonly sfu: ManagedProcess,
    readonly ground: ManagedProcess,
    readonly processing: ManagedProcess,
    private latest: SfuReady,
    /** coturn's launcher and what it reported, with StackOptions.turn. */
    readonly turn?: { process: ManagedProcess; ready: TurnReady },
  ) {
    super();
    for (const [name, child] of [['sfu', sfu], ['ground agent', ground], ['pose worker', processing]] as const) {
      child.on('exit', (code) => {
        if (code !== 2) return;
        this.refusedConfiguration.push(name);
        this.emit('configurationError', name);
      });
    }
    sfu.on('message', (message) => {
      const parsed = sfuReadySchema.safeParse(message);
      if (parsed.success) this.latest = parsed.data;
    });
  }

  get ready(): SfuReady {
    return this.latest;
  }

  static async start(options: StackOptions): Promise<Stack> {
    const { logger } = options;
    const certs = (name: string): string => path.join(options.certsDir, name);
    // coturn first: the SFU needs its URLs and secret file to hand out credentials.
    const turn = options.turn
      ? await startTurnProcess(options.turn, {
          repoRoot,
          stateDir: options.stateDir,
          restart: options.restart,
          logFile: options.logDir ? path.join(options.logDir, 'turn.log') : undefined,
          logger,
        })
      : undefined;
    const sfuArgs = [
      '--port', String(options.port),
      '--rtc-port', String(options.rtcPort),
      '--state-dir', options.stateDir,
      '--tls-cert', certs('cert.pem'),
      '--tls-key', certs('key.pem'),
      '--ca-cert', certs('ca.pem'),
      ...optional('--host', options.host),
      ...optional('--public-host', options.publicHost),
      ...optional('--announced-address', options.announcedAddress),
      ...optional('--rtc-listen-ip', options.rtcListenIp),
      ...optional('--workers', options.workers),
      ...optional('--drone-id', options.droneId),
      ...optional('--map-tiles', options.mapTiles),
      ...optional('--link-ttl', options.linkTtl),
      ...(options.mqtt ? mqttBrokerChoiceArgs(options.mqtt) : []),
      ...optional('--mqtt-port', options.mqttPort),
      ...(turn ? sfuTurnArgs(turn.ready) : []),
      ...optional('--config', options.configFile),
      ...(options.sfuArgs ?? []),
    ];
    const servicesSfuUrl = options.servicesSfuUrl ?? `https://127.0.0.1:${options.port}`;
    const log = (name: string): string | undefined => (options.logDir ? path.join(options.logDir, `${name}.log`) : undefined);
    const sfu = new ManagedProcess({
      name: 'sfu',
      script: path.join(repoRoot, 'sfu/src/main.ts'),
      args: sfuArgs,
      cwd: repoRoot,
      restart: options.restart,
      logFile: log('sfu'),
      logger,
      // Phones wait for their video while the SFU is down: a loaded spare takes over after a crash.
      spare: options.restart,
    });
    const firstReady = waitForReady(sfu);
    sfu.start();
    let ready: SfuReady;
    try {
      ready = await firstReady;
    } catch (error) {
      await sfu.stop();
      await turn?.process.stop();
      throw error;
    }

    const ground = new ManagedProcess({
      name: 'ground',
      script: path.join(repoRoot, 'ground/src/main.ts'),
      args: [
        '--sfu', servicesSfuUrl,
        '--ca-cert', certs('ca.pem'),
        ...optional('--camera', options.camera),
        ...optional('--drone', options.drone),
        ...(options.gcs ?? []).flatMap((station) => ['--gcs', station]),
        ...(options.mqtt ? mqttBrokerChoiceArgs(options.mqtt) : []),
        ...optional('--max-bitrate', options.maxBitrateKbps),
        ...optional('--console-port', options.consolePort),
        // Photos and recordings beside the rest of the state (each test stack has its own).
        '--media-dir', path.join(options.stateDir, 'media'),
        ...optional('--config', options.configFile),
      ],
      // In the environment, not argv: other users can read a process's argv.
      env: { DRONECAST_TOKEN: ready.tokens.ground, DRONECAST_CONSOLE_TOKEN: ready.tokens.console },
      cwd: repoRoot,
      restart: options.restart,
      logFile: log('ground'),
      logger,
    });
    ground.start();
    const processing = new ManagedProcess({
      name: 'processing',
      script: path.join(repoRoot, 'processing/src/main.ts'),
      args: ['--sfu', servicesSfuUrl, '--ca-cert', certs('ca.pem'), ...optional('--config', options.configFile)],
      env: { DRONECAST_TOKEN: ready.tokens.processing },
      cwd: repoRoot,
      restart: options.restart,
      logFile: log('processing'),
      logger,
    });
    processing.start();
    return new Stack(sfu, ground, processing, ready, turn);
  }

  /** Resolves at the SFU's next sfu:ready (after a restart). */
  nextSfuReady(timeoutMs = 30_000): Promise<SfuReady> {
    return waitForReady(this.sfu, timeoutMs);
  }

  async stop(): Promise<void> {
    // Clients first: they close their WebRTC state cleanly while the SFU is still there.
    // The ground agent finishes a running recording first (a remux of the whole file): give it time.
    await Promise.all([this.ground.stop(groundStopGraceMs), this.processing.stop()]);
    await this.sfu.stop();
    await this.turn?.process.stop();
  }
}

/** How long the ground agent may take to stop before it is killed (its recording is then recovered at the next start). */
export const groundStopGraceMs = 60_000;

function optional(flag: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [flag, String(value)];
}

function waitForReady(sfu: ManagedProcess, timeoutMs = 60_000): Promise<SfuReady> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the SFU did not become ready within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (message: unknown): void => {
      const parsed = sfuReadySchema.safeParse(message);
      if (!parsed.success) return;
      cleanup();
      resolve(parsed.data);
    };
    const onExit = (code: number | null): void => {
      if (code === 2 || code === 1) {
        cleanup();
        reject(new Error(`the SFU exited with code ${code} before it was ready (see its log above)`));
      }
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      sfu.off('message', onMessage);
      sfu.off('exit', onExit);
    };
    sfu.on('message', onMessage);
    sfu.on('exit', onExit);
  });
}
