import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { common, minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { Logger } from '@dronecast/protocol';
import { createLogger, UsageError } from '@dronecast/runtime';
import type { ByteLink } from '../links/ByteLink.ts';
import { formatConnection, parseConnection, type Connection } from '../links/connectionString.ts';
import { createLink } from '../links/createLink.ts';
import { TcpLinkServer } from '../links/TcpLinkServer.ts';
import { UdpLink } from '../links/UdpLink.ts';
import { MavlinkDecoder, type MavlinkMessage } from '../mavlink/MavlinkDecoder.ts';
import { MavlinkEncoder } from '../mavlink/MavlinkEncoder.ts';
import { CopterAutopilot } from './CopterAutopilot.ts';
import type { CopterParams, GeoPoint, VehicleTruth } from './copterParams.ts';
import type { BatteryOptions } from './Battery.ts';
import { MessageSchedule } from './MessageSchedule.ts';
import { applyGlobalTarget, applyLocalTarget } from './positionTargets.ts';
import { executeCommand } from './vehicleCommands.ts';
import { commandAck, homePosition, statusText, vehicleMessageBuilders } from './vehicleMessages.ts';

export interface VehicleSimulatorOptions {
  /** Where ground stations reach it: udp:HOST:PORT (replies to the last sender), tcp:HOST:PORT (a server), serial:PATH:BAUD. Port 0 picks a free port. */
  listen?: string[];
  /** Where it pushes to a listening ground station, as SITL does to QGroundControl: udpout:HOST:PORT, or tcp:HOST:PORT to dial one. */
  out?: string[];
  /** Simulated seconds per real second (default 1, real time). Tests run flights at 10x. */
  timeScale?: number;
  /** Physics steps per simulated second (default 50). */
  physicsHz?: number;
  /** Boot location, on the ground (default the Castelldefels drone field). */
  location?: GeoPoint;
  params?: Partial<CopterParams>;
  battery?: BatteryOptions;
  logger?: Logger;
}

export interface SimulatorEndpoint {
  /** What the simulator opened, e.g. "udp:127.0.0.1:14550". */
  link: string;
  /** The connection string a ground station uses to reach it, e.g. "udpout:127.0.0.1:14550" (undefined for serial: the other end of the cable). */
  groundStation: string | undefined;
}

export interface VehicleSimulatorEvents {
  /** Every STATUSTEXT the vehicle sends. */
  statusText: [text: string];
}

interface Channel {
  link: ByteLink;
  decoder: MavlinkDecoder;
  encoder: MavlinkEncoder;
  schedule: MessageSchedule;
}

/** A ground station on this machine reaches a wildcard listener on loopback. */
const reachable = (host: string): string => (host === '0.0.0.0' ? '127.0.0.1' : host);

/** The simulator's MAVLink identity, ArduCopter's defaults. */
export const simulatorSystemId = 1;
export const simulatorComponentId = 1;

/**
 * A quadcopter running ArduCopter, as far as a ground station can tell: real MAVLink 2 bytes on
 * any number of links at once (UDP, TCP, serial), with the behaviour of CopterAutopilot on a
 * fixed-rate clock. Used in-process by the ground agent when no drone is given, by tests, and
 * alone through `npm run sim`. The vehicle's state survives stop()/start(), like a drone whose
 * radio went quiet.
 */
export class VehicleSimulator extends EventEmitter<VehicleSimulatorEvents> {
  readonly autopilot: CopterAutopilot;
  private readonly listen: Connection[];
  private readonly out: Connection[];
  private readonly timeScale: number;
  private readonly dt: number;
  private readonly logger: Logger;
  private readonly channels = new Set<Channel>();
  private servers: TcpLinkServer[] = [];
  private endpointList: SimulatorEndpoint[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private pendingSeconds = 0;
  private waiters: { until: number; resolve: () => void }[] = [];

  constructor(options: VehicleSimulatorOptions = {}) {
    super();
    this.listen = (options.listen ?? []).map(parseConnection);
    this.out = (options.out ?? []).map(parseConnection);
    for (const c of this.listen) if (c.kind === 'udpout') throw new UsageError(`the simulator listens on udp:, tcp: or serial:, not ${formatConnection(c)} (that goes in --out)`);
    for (const c of this.out) if (c.kind !== 'udpout' && c.kind !== 'tcp') throw new UsageError(`the simulator pushes to udpout: or tcp:, not ${formatConnection(c)} (that goes in --listen)`);
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new UsageError('the time scale must be positive');
    this.dt = 1 / (options.physicsHz ?? 50);
    this.logger = options.logger ?? createLogger('sim');
    this.autopilot = new CopterAutopilot({
      params: options.params,
      location: options.location,
      battery: options.battery,
      onStatusText: (severity, text) => this.sendStatusText(severity, text),
      onHomeChanged: () => {
        const home = homePosition(this.autopilot);
        if (home) this.broadcast(home);
      },
    });
  }

  get endpoints(): SimulatorEndpoint[] {
    return this.endpointList.map((e) => ({ ...e }));
  }

  get isRunning(): boolean {
    return this.timer !== undefined;
  }

  /** Simulated seconds since boot. */
  get time(): number {
    return this.autopilot.time;
  }

  /** What the vehicle really does: tests compare telemetry with it. */
  get truth(): VehicleTruth {
    return this.autopilot.truth();
  }

  async start(): Promise<void> {
    if (this.timer) return;
    const opened: { close(): Promise<void> }[] = [];
    this.endpointList = [];
    try {
      for (const [i, connection] of this.listen.entries()) {
        if (connection.kind === 'tcp') {
          const server = new TcpLinkServer(connection.host, connection.port);
          await server.listen();
          opened.push(server);
          this.servers.push(server);
          server.on('link', (link) => this.attach(link));
          server.on('error', (error) => this.logger.warn(`${server.description}: ${error.message}`));
          const port = server.port ?? connection.port;
          this.listen[i] = { ...connection, port };
          this.endpointList.push({ link: server.description, groundStation: `tcp:${reachable(connection.host)}:${port}` });
        } else {
          const link = createLink(connection);
          await link.open();
          opened.push(link);
          this.attach(link);
          if (connection.kind === 'udp' && link instanceof UdpLink) {
            // Remember the port picked for port 0, so a restarted simulator is found where it was.
            this.listen[i] = { ...connection, port: link.localPort ?? connection.port };
            this.endpointList.push({ link: link.description, groundStation: `udpout:${reachable(connection.host)}:${link.localPort}` });
          } else {
            this.endpointList.push({ link: link.description, groundStation: undefined });
          }
        }
      }
      for (const connection of this.out) {
        const link = createLink(connection);
        await link.open();
        opened.push(link);
        this.attach(link);
        this.endpointList.push({ link: link.description, groundStation: connection.kind === 'udpout' ? `udp:${connection.host}:${connection.port}` : undefined });
      }
    } catch (error) {
      this.servers = [];
      await Promise.all(opened.map((o) => o.close()));
      throw error;
    }
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), this.dt * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const servers = this.servers;
    this.servers = [];
    const links = [...this.channels].map((c) => c.link);
    await Promise.all([...servers.map((s) => s.close()), ...links.map((l) => l.close())]);
    this.channels.clear();
  }

  /** Resolves once the simulated clock has moved on by `seconds` (the simulator must be running). */
  after(seconds: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ until: this.autopilot.time + seconds, resolve }));
  }

  private attach(link: ByteLink): void {
    const channel: Channel = {
      link,
      decoder: new MavlinkDecoder(),
      encoder: new MavlinkEncoder(simulatorSystemId, simulatorComponentId),
      schedule: new MessageSchedule(this.autopilot.time),
    };
    link.on('data', (bytes) => channel.decoder.push(bytes));
    link.on('error', (error) => this.logger.warn(`${link.description}: ${error.message}`));
    link.on('close', () => {
      this.channels.delete(channel);
      channel.decoder.close();
    });
    channel.decoder.on('message', (message) => this.handle(channel, message));
    this.channels.add(channel);
  }

  private tick(): void {
    const now = performance.now();
    this.pendingSeconds += ((now - this.lastTick) / 1000) * this.timeScale;
    this.lastTick = now;
    // After a long event-loop stall, drop the backlog instead of running a burst of physics.
    if (this.pendingSeconds > 1) this.pendingSeconds = this.dt;
    while (this.pendingSeconds >= this.dt - 1e-9) {
      this.pendingSeconds -= this.dt;
      this.autopilot.step(this.dt);
      for (const channel of this.channels) {
        for (const msgid of channel.schedule.due(this.autopilot.time)) {
          const message = vehicleMessageBuilders.get(msgid)?.(this.autopilot);
          if (message) this.send(channel, message);
        }
      }
    }
    if (this.waiters.length) {
      const t = this.autopilot.time;
      const ready = this.waiters.filter((w) => w.until <= t + 1e-9);
      this.waiters = this.waiters.filter((w) => w.until > t + 1e-9);
      for (const w of ready) w.resolve();
    }
  }

  private handle(channel: Channel, message: MavlinkMessage): void {
    const d = message.data;
    const ap = this.autopilot;
    const forUs = (targetSystem: number): boolean => targetSystem === simulatorSystemId || targetSystem === 0;
    const ack = (command: number, result: common.MavResult): void =>
      this.send(channel, commandAck(command, result, message.sysid, message.compid));
    if (d instanceof common.CommandLong || d instanceof common.CommandInt) {
      if (!forUs(d.targetSystem)) return;
      const params = [d._param1, d._param2, d._param3, d._param4, d._param5, d._param6, d._param7];
      const result = executeCommand(
        {
          autopilot: ap,
          sendOnce: (msgid) => {
            const reply = vehicleMessageBuilders.get(msgid)?.(ap);
            if (reply) this.send(channel, reply);
            return reply !== undefined;
          },
          setMessageInterval: (msgid, intervalUs) => channel.schedule.setInterval(msgid, intervalUs, ap.time),
        },
        d.command,
        params,
      );
      ack(d.command, result);
    } else if (d instanceof common.SetMode) {
      if (!forUs(d.targetSystem)) return;
      // ArduPilot answers the SET_MODE message with an ACK for MAV_CMD_DO_SET_MODE.
      const custom = (d.baseMode & minimal.MavModeFlag.CUSTOM_MODE_ENABLED) !== 0;
      ack(common.MavCmd.DO_SET_MODE, custom ? ap.setMode(d.customMode) : common.MavResult.DENIED);
    } else if (d instanceof common.SetPositionTargetLocalNed) {
      if (forUs(d.targetSystem)) applyLocalTarget(ap, d);
    } else if (d instanceof common.SetPositionTargetGlobalInt) {
      if (forUs(d.targetSystem)) applyGlobalTarget(ap, d);
    }
  }

  private sendStatusText(severity: common.MavSeverity, text: string): void {
    this.logger.debug(`STATUSTEXT ${text}`);
    this.broadcast(statusText(severity, text));
    this.emit('statusText', text);
  }

  private broadcast(message: MavLinkData): void {
    for (const channel of this.channels) this.send(channel, message);
  }

  private send(channel: Channel, message: MavLinkData): void {
    channel.link.write(channel.encoder.encode(message));
  }
}
