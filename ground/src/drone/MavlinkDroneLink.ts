import { EventEmitter } from 'node:events';
import { common, minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { armableModes, commandAllowed, stickCentred, stickMaxYawRateDps } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import type { CommandFailureReason, CommandOutcome, Direction, DroneCommand, DroneEvent, DroneState, FlightMode, Logger, StickAxes, Telemetry } from '@dronecast/protocol';
import { systemTimers, type Timer, type Timers } from '../time/Timers.ts';
import { CommandSender } from './CommandSender.ts';
import { velocityFor } from './directions.ts';
import type { DroneLink, DroneLinkEvents } from './DroneLinkTypes.ts';
import { FlightStateTracker } from './FlightStateTracker.ts';
import { distanceM } from './geo.ts';
import { gcsHeartbeat, globalTarget, velocityTarget, type Target, type VelocitySetpoint } from './gcsMessages.ts';
import { HeartbeatWatchdog } from './HeartbeatWatchdog.ts';
import type { ByteLink } from './links/ByteLink.ts';
import { parseConnection, type Connection } from './links/connectionString.ts';
import { createLink } from './links/createLink.ts';
import { copterModeNumber } from './mavlink/copterModes.ts';
import { MavlinkDecoder, type MavlinkMessage } from './mavlink/MavlinkDecoder.ts';
import { MavlinkEncoder } from './mavlink/MavlinkEncoder.ts';
import { mavResultName } from './mavlink/mavResult.ts';
import { messageName } from './mavlink/registry.ts';
import { TelemetryAssembler } from './TelemetryAssembler.ts';
import { VelocityStreamer } from './VelocityStreamer.ts';

const { MavCmd, MavResult } = common;

export interface DroneLinkTiming {
  /** Our GCS heartbeat period (default 1000 ms). */
  heartbeatMs: number;
  /** No vehicle heartbeat for this long = link lost (default 3000 ms). */
  linkLostMs: number;
  /** Wait for COMMAND_ACK per attempt; commands are sent at most twice (default 1500 ms). */
  commandTimeoutMs: number;
  /** After an accepted arm/disarm/mode change, how long to wait for the heartbeat to show it (default 3000 ms). */
  confirmMs: number;
  /** go() resends its velocity setpoint this often (default 1000 ms; ArduCopter forgets it after 3 s). */
  setpointResendMs: number;
  /**
   * A held stick not renewed for this long is let go by the agent itself (default 1000 ms; the
   * phone resends a held stick 12.5 times a second): a stalled phone or path must not leave the drone flying a stick.
   */
  stickHoldMs: number;
}

export interface MavlinkDroneLinkOptions {
  /** udp:HOST:PORT, udpout:HOST:PORT, tcp:HOST:PORT or serial:PATH:BAUD. */
  connection: string;
  logger?: Logger;
  /** Stamps telemetry and events, ms (default Date.now; the ground agent passes the SFU's clock). */
  clock?: () => number;
  /** go() speed for the compass points and body moves, m/s (default 1; setSpeed changes it). */
  horizontalSpeed?: number;
  /** go() speed for Up and Down, m/s (default 0.5). */
  verticalSpeed?: number;
  /** Rate requested for each telemetry message (default 4 Hz). */
  telemetryHz?: number;
  timing?: Partial<DroneLinkTiming>;
  /**
   * Called as each message's bytes are handed to the transport (the control-latency benchmark's
   * start mark). `command` names the MAV_CMD of a COMMAND_LONG.
   */
  onWrite?: (sent: { message: string; command?: number; time: number }) => void;
  /** Clock and timeouts for the stick hold (tests pass SimulatedTimers). */
  timers?: Timers;
}

/** Our MAVLink identity: the usual ground-station system id and MAV_COMP_ID_MISSIONPLANNER. */
export const gcsSystemId = 255;
export const gcsComponentId = 190;

const defaultTiming: DroneLinkTiming = { heartbeatMs: 1000, linkLostMs: 3000, commandTimeoutMs: 1500, confirmMs: 3000, setpointResendMs: 1000, stickHoldMs: 1000 };
const lowBatteryPct = 20;
/** A fresh battery: above this, a later low-battery warning is news again. */
const batteryRearmPct = 30;

/** Telemetry the vehicle requests at telemetryHz once it is heard. */
const streamedMessages = [
  common.GlobalPositionInt.MSG_ID,
  common.VfrHud.MSG_ID,
  common.SysStatus.MSG_ID,
  common.BatteryStatus.MSG_ID,
  common.GpsRawInt.MSG_ID,
  common.Attitude.MSG_ID,
];

const ok = (message: string): CommandOutcome => ({ ok: true, message });
const fail = (reason: CommandFailureReason, message: string, mavResult?: string): CommandOutcome =>
  mavResult ? { ok: false, reason, message, mavResult } : { ok: false, reason, message };

/**
 * DroneLink over MAVLink 2 to an ArduCopter vehicle (or the simulator). Sends the 1 Hz GCS
 * heartbeat, asks for telemetry rates on the first vehicle heartbeat (and again after a link
 * loss, in case the vehicle rebooted), turns the stream into Telemetry, DroneState and events,
 * and runs commands with the MAVLink command protocol. Commands check locally first what
 * ArduCopter would refuse anyway, so the pilot gets a reason in words at once.
 */
export class MavlinkDroneLink extends EventEmitter<DroneLinkEvents> implements DroneLink {
  readonly connection: string;
  private readonly parsed: Connection;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly timing: DroneLinkTiming;
  private readonly telemetryHz: number;
  private readonly speeds: { horizontal: number; vertical: number };
  private readonly encoder = new MavlinkEncoder(gcsSystemId, gcsComponentId);
  private readonly assembler = new TelemetryAssembler();
  private readonly tracker = new FlightStateTracker();
  private readonly watchdog: HeartbeatWatchdog;
  private readonly commands: CommandSender;
  private readonly streamer: VelocityStreamer;
  private link: ByteLink | undefined;
  private decoder: MavlinkDecoder | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private target: Target | undefined;
  private onFirstHeartbeat: (() => void) | undefined;
  private abortConnect: (() => void) | undefined;
  private arming = false;
  private takeoffAltitude: number | undefined;
  /** The heading setpoints hold: the last changeHeading, else the heading when go() started. */
  private headingHold: number | undefined;
  private lowBatteryReported = false;
  private lastTelemetryAt = 0;
  private readonly recentTexts: { text: string; at: number }[] = [];
  private readonly confirmations = new Set<() => void>();
  private readonly timers: Timers;
  /** The stick setpoint streaming now, and when it lapses unless renewed. */
  private stickSetpoint: VelocitySetpoint | undefined;
  private stickLapse: Timer | undefined;

  constructor(private readonly options: MavlinkDroneLinkOptions) {
    super();
    // Throws UsageError now, so a bad string is reported before anything opens.
    this.parsed = parseConnection(options.connection);
    this.connection = options.connection;
    this.logger = options.logger ?? createLogger('drone');
    this.clock = options.clock ?? Date.now;
    this.timing = { ...defaultTiming, ...options.timing };
    this.telemetryHz = options.telemetryHz ?? 4;
    this.speeds = { horizontal: options.horizontalSpeed ?? 1, vertical: options.verticalSpeed ?? 0.5 };
    this.timers = options.timers ?? systemTimers;
    this.watchdog = new HeartbeatWatchdog(this.timing.linkLostMs);
    this.watchdog.on('lost', () => this.linkLost());
    this.watchdog.on('restored', () => this.linkRestored());
    this.commands = new CommandSender({ send: (m) => this.send(m), ownSystem: gcsSystemId, timeoutMs: this.timing.commandTimeoutMs });
    this.streamer = new VelocityStreamer({ send: (setpoint) => this.sendSetpoint(setpoint), resendMs: this.timing.setpointResendMs });
  }

  get state(): DroneState {
    return this.tracker.state;
  }

  get telemetry(): Telemetry {
    return this.assembler.snapshot(this.tracker.state, !this.linkUp, this.clock());
  }

  /** Horizontal go() speed now, m/s. */
  get speed(): number {
    return this.speeds.horizontal;
  }

  async connect(timeoutMs = 10_000): Promise<void> {
    if (this.link) throw new Error(`already connected to ${this.connection}`);
    const link = createLink(this.parsed);
    const decoder = new MavlinkDecoder();
    link.on('data', (bytes) => decoder.push(bytes));
    link.on('error', (error) => this.logger.warn(`${link.description}: ${error.message}`));
    link.on('close', () => {
      if (this.link === link) this.logger.warn(`${link.description} closed`);
    });
    decoder.on('message', (message) => this.receive(message));
    await link.open();
    this.link = link;
    this.decoder = decoder;
    // Heartbeats from the start: a vehicle serving "udp:" learns where we are from them.
    this.send(gcsHeartbeat());
    this.heartbeatTimer = setInterval(() => this.send(gcsHeartbeat()), this.timing.heartbeatMs);
    const heard = await new Promise<'heard' | 'timeout' | 'closed'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      this.onFirstHeartbeat = () => {
        clearTimeout(timer);
        resolve('heard');
      };
      this.abortConnect = () => {
        clearTimeout(timer);
        resolve('closed');
      };
    });
    this.onFirstHeartbeat = this.abortConnect = undefined;
    if (heard === 'closed') throw new Error(`closed before a vehicle answered on ${this.connection}`);
    if (heard === 'timeout') {
      await this.shutdown();
      throw new Error(`no heartbeat from a vehicle on ${this.connection} within ${timeoutMs / 1000} s (is it powered, and is the connection string right?)`);
    }
    this.logger.info(`vehicle ${this.target?.system}/${this.target?.component} on ${link.description}`);
  }

  async close(): Promise<void> {
    if (!this.link) return;
    if (this.streamer.active && this.linkUp) this.stop();
    this.stickLapse?.cancel();
    this.streamer.halt();
    await this.shutdown();
  }

  // --- commands -------------------------------------------------------------------------------

  async arm(): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (this.assembler.armed) return ok('already armed');
    // After a landing ArduCopter sits in LAND, where it refuses to arm: a pilot pressing Arm means
    // "get ready to fly", so switch to GUIDED (where take-off happens) first.
    if (!armableModes.has(this.assembler.mode)) {
      const guided = await this.setMode('GUIDED');
      if (!guided.ok) return { ...guided, message: `arming needs GUIDED first: ${guided.message}` };
    }
    this.arming = true;
    this.updateState();
    try {
      const outcome = await this.command('arming', MavCmd.COMPONENT_ARM_DISARM, [1]);
      if (!outcome.ok) return outcome;
      return (await this.confirm(() => this.assembler.armed)) ? ok('armed') : fail('timeout', 'the drone accepted arming but never reported being armed');
    } finally {
      this.arming = false;
      this.updateState();
    }
  }

  async disarm(): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (!this.assembler.armed) return ok('already disarmed');
    const refusal = this.refusal({ type: 'disarm' }, 'disarming');
    if (refusal) return refusal;
    const outcome = await this.command('disarming', MavCmd.COMPONENT_ARM_DISARM, [0]);
    if (!outcome.ok) return outcome;
    return (await this.confirm(() => !this.assembler.armed)) ? ok('disarmed') : fail('timeout', 'the drone accepted disarming but still reports armed');
  }

  async setMode(mode: FlightMode): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (this.assembler.mode === mode) return ok(`already in ${mode}`);
    const outcome = await this.command(`mode ${mode}`, MavCmd.DO_SET_MODE, [minimal.MavModeFlag.CUSTOM_MODE_ENABLED, copterModeNumber[mode]]);
    if (!outcome.ok) return outcome;
    return (await this.confirm(() => this.assembler.mode === mode)) ? ok(`mode ${mode}`) : fail('timeout', `the drone accepted ${mode} but its heartbeat still says ${this.assembler.mode}`);
  }

  /**
   * Takes off from any landed state in one command, as a pilot pressing "take off" expects: GUIDED
   * (ArduCopter takes off only in GUIDED), armed, then the take-off. Resolves when the vehicle
   * accepts; 'tookOff' follows at the target altitude. Its refusals (pre-arm checks) come back.
   */
  async takeoff(altitudeM: number): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'takeoff', altitude: altitudeM }, 'take off');
    if (refusal) return refusal;
    if (this.assembler.mode !== 'GUIDED') {
      const guided = await this.setMode('GUIDED');
      if (!guided.ok) return { ...guided, message: `take off needs GUIDED: ${guided.message}` };
    }
    if (!this.assembler.armed) {
      const armed = await this.arm();
      if (!armed.ok) return { ...armed, message: `take off: ${armed.message}` };
    }
    const outcome = await this.command('take off', MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, altitudeM]);
    if (!outcome.ok) return outcome;
    this.takeoffAltitude = altitudeM;
    this.headingHold = undefined;
    this.updateState();
    return ok(`taking off to ${altitudeM} m`);
  }

  async go(direction: Direction): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (direction === 'Stop') return this.stop();
    const refusal = this.refusal({ type: 'go', direction }, `go ${direction}`);
    if (refusal) return refusal;
    // A velocity setpoint ends ArduCopter's takeoff; the climb target no longer applies.
    this.takeoffAltitude = undefined;
    this.headingHold = this.holdHeading();
    this.streamer.start(velocityFor(direction, this.speeds, this.headingHold));
    this.updateState();
    const speed = direction === 'Up' || direction === 'Down' ? this.speeds.vertical : this.speeds.horizontal;
    return ok(`going ${direction} at ${speed} m/s`);
  }

  /**
   * The virtual sticks: body-frame velocity (forward/right as fractions of the speed setting, up
   * of the climb speed) and a yaw rate, sent at once and kept alive while renewed; centred, a Stop.
   */
  async stick(axes: StickAxes): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (stickCentred(axes)) return this.stop();
    const refusal = this.refusal({ type: 'stick', ...axes }, 'sticks');
    if (refusal) return refusal;
    this.takeoffAltitude = undefined;
    // The sticks steer the heading; whatever comes next holds the heading the drone has then.
    this.headingHold = undefined;
    const h = this.speeds.horizontal;
    const setpoint: VelocitySetpoint = {
      frame: common.MavFrame.BODY_NED,
      vx: axes.forward * h,
      vy: axes.right * h,
      vz: -axes.up * this.speeds.vertical,
      yawDeg: 0,
      yawRateDps: axes.yaw * stickMaxYawRateDps,
    };
    this.stickSetpoint = setpoint;
    this.streamer.start(setpoint);
    this.stickLapse?.cancel();
    this.stickLapse = this.timers.setTimeout(() => this.stickLapsed(), this.timing.stickHoldMs);
    this.updateState();
    // Short: it comes back 12 times a second.
    const f = (n: number): string => `${Math.round(n * 10) / 10} m/s`;
    return ok(`sticks: forward ${f(setpoint.vx)}, right ${f(setpoint.vy)}, climb ${f(-setpoint.vz)}, turn ${Math.round(setpoint.yawRateDps ?? 0)}°/s`);
  }

  /** Hover: zero velocity now (in GUIDED in the air), and the end of any stream of setpoints. */
  private stop(): CommandOutcome {
    const moving = this.streamer.active !== undefined;
    const byStick = moving && this.streamer.active === this.stickSetpoint;
    this.stickLapse?.cancel();
    this.stickSetpoint = undefined;
    // After a stick turn no heading is held: hold the one the drone has as this lands (telemetry's lags).
    const yaw = byStick && this.headingHold === undefined ? 'current' : this.holdHeading();
    if (this.assembler.airborne && this.assembler.mode === 'GUIDED') this.streamer.stop(yaw);
    else this.streamer.halt();
    return ok(moving ? 'stopping' : 'not moving');
  }

  /**
   * Streams a setpoint derived from the one streaming now (a new speed, a new heading). A stick's
   * stays the stick's, so its hold still lapses if the phone goes quiet.
   */
  private restream(setpoint: VelocitySetpoint): void {
    if (this.streamer.active === this.stickSetpoint) this.stickSetpoint = setpoint;
    this.streamer.start(setpoint);
  }

  private stickLapsed(): void {
    // Something else (a go, a landing) took over since: nothing to let go of.
    if (!this.stickSetpoint || this.streamer.active !== this.stickSetpoint) return;
    this.logger.warn(`no stick update for ${this.timing.stickHoldMs} ms: letting go of the sticks (hover)`);
    this.stop();
  }

  /** Horizontal go() speed, now and for goto (sent as MAV_CMD_DO_CHANGE_SPEED when the link is up). */
  async setSpeed(metersPerSecond: number): Promise<CommandOutcome> {
    if (!(metersPerSecond >= 0.1 && metersPerSecond <= 15)) return fail('not-allowed', 'speed must be between 0.1 and 15 m/s');
    // In proportion: a go() moves at the whole speed setting, a half-pushed stick at half of it.
    const scale = metersPerSecond / this.speeds.horizontal;
    this.speeds.horizontal = metersPerSecond;
    const moving = this.streamer.active;
    if (moving && (moving.vx !== 0 || moving.vy !== 0)) this.restream({ ...moving, vx: moving.vx * scale, vy: moving.vy * scale });
    if (!this.linkUp) return ok(`speed ${metersPerSecond} m/s for moves (the drone's goto speed is unchanged: no link)`);
    const outcome = await this.command('speed change', MavCmd.DO_CHANGE_SPEED, [1, metersPerSecond, -1, 0]);
    return outcome.ok ? ok(`speed ${metersPerSecond} m/s`) : outcome;
  }

  async changeHeading(degrees: number): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'heading', degrees }, 'turning');
    if (refusal) return refusal;
    const heading = ((degrees % 360) + 360) % 360;
    const outcome = await this.command('turn', MavCmd.CONDITION_YAW, [heading, 0, 0, 0]);
    if (!outcome.ok) return outcome;
    // Setpoints still streaming must hold the new heading, or each resend would undo the turn.
    this.headingHold = heading;
    // A stick's yaw rate goes too, or its resend would stop the turn; the stick's next renewal steers again.
    const moving = this.streamer.active;
    if (moving) this.restream({ ...moving, yawDeg: heading, yawRateDps: undefined });
    return ok(`turning to ${heading}°`);
  }

  async goto(lat: number, lon: number, altRelM: number): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'goto', lat, lon, alt: altRelM }, 'goto');
    if (refusal) return refusal;
    this.streamer.halt();
    this.takeoffAltitude = undefined;
    this.send(globalTarget(this.target!, lat, lon, altRelM));
    const t = this.assembler.snapshot(this.state, false, 0);
    const away = t.lat === 0 && t.lon === 0 ? '' : ` (${Math.round(distanceM(t, { lat, lon }))} m away)`;
    return ok(`going to ${lat.toFixed(6)}, ${lon.toFixed(6)} at ${altRelM} m${away}`);
  }

  async land(): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'land' }, 'landing');
    if (refusal) return refusal;
    this.streamer.halt();
    const outcome = await this.command('land', MavCmd.NAV_LAND, []);
    return outcome.ok ? ok('landing') : outcome;
  }

  async rtl(): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'rtl' }, 'return to launch');
    if (refusal) return refusal;
    this.streamer.halt();
    const outcome = await this.command('return to launch', MavCmd.NAV_RETURN_TO_LAUNCH, []);
    return outcome.ok ? ok('returning to launch') : outcome;
  }

  // --- receiving ------------------------------------------------------------------------------

  private receive(message: MavlinkMessage): void {
    const d = message.data;
    if (d instanceof minimal.Heartbeat) {
      // Other ground stations, gimbals and cameras send heartbeats too; only an autopilot's counts.
      if (d.autopilot === minimal.MavAutopilot.INVALID || d.type === minimal.MavType.GCS) return;
      if (!this.target) this.target = { system: message.sysid, component: message.compid };
      if (message.sysid !== this.target.system || message.compid !== this.target.component) return;
      this.onHeartbeat(d);
      return;
    }
    if (!this.target || message.sysid !== this.target.system) return;
    if (d instanceof common.CommandAck) {
      this.commands.handleAck(d);
    } else if (d instanceof common.StatusText) {
      this.recentTexts.push({ text: d.text, at: Date.now() });
      if (this.recentTexts.length > 20) this.recentTexts.shift();
      this.event('statusText', d.text);
    } else if (this.assembler.apply(d)) {
      this.updateState();
      this.publishTelemetry();
    } else if (d instanceof common.SysStatus || d instanceof common.BatteryStatus) {
      this.checkBattery();
    }
  }

  private onHeartbeat(heartbeat: minimal.Heartbeat): void {
    const wasArmed = this.assembler.armed;
    const previousMode = this.assembler.customMode;
    this.assembler.apply(heartbeat);
    const first = this.onFirstHeartbeat !== undefined;
    this.watchdog.beat();
    if (first) {
      this.onFirstHeartbeat?.();
      this.requestTelemetry();
    } else {
      if (wasArmed !== this.assembler.armed) this.event(this.assembler.armed ? 'armed' : 'disarmed', this.assembler.armed ? 'motors armed' : 'motors disarmed');
      if (previousMode !== heartbeat.customMode) this.event('modeChanged', `mode ${this.assembler.mode}`);
    }
    if (this.assembler.armed && !wasArmed) this.requestMessage(common.HomePosition.MSG_ID);
    if (!this.assembler.armed) this.takeoffAltitude = undefined;
    if (previousMode !== heartbeat.customMode) {
      this.takeoffAltitude = undefined;
      this.headingHold = undefined;
      // Outside GUIDED the vehicle ignores setpoints; keeping them flowing would only surprise a pilot switching back.
      if (this.assembler.mode !== 'GUIDED') this.streamer.halt();
    }
    this.updateState();
    for (const check of this.confirmations) check();
    if (this.clock() - this.lastTelemetryAt > 1000) this.publishTelemetry();
  }

  private linkLost(): void {
    this.logger.warn(`no heartbeat from the drone for ${this.timing.linkLostMs / 1000} s: link lost`);
    this.streamer.halt();
    this.commands.cancelAll();
    this.updateState();
    this.event('linkLost', `no heartbeat for ${this.timing.linkLostMs / 1000} s`);
    this.publishTelemetry();
  }

  private linkRestored(): void {
    this.logger.info('heartbeat back: link restored');
    this.event('linkRestored', 'heartbeat back');
    // The vehicle may have rebooted and forgotten the rates we asked for.
    this.requestTelemetry();
  }

  private updateState(): void {
    const a = this.assembler;
    const { changed, transitions } = this.tracker.update({
      linkUp: this.linkUp,
      armed: a.armed,
      airborne: a.airborne,
      mode: a.mode,
      verticalSpeed: a.verticalSpeed,
      distanceFromHome: a.distanceFromHome,
      arming: this.arming,
      takeoffAltitude: this.takeoffAltitude,
      altRel: a.altRel,
    });
    if (this.takeoffAltitude !== undefined && a.airborne && a.altRel >= this.takeoffAltitude * 0.95) this.takeoffAltitude = undefined;
    if (changed) this.emit('state', this.tracker.state);
    for (const t of transitions) this.event(t, t === 'tookOff' ? `took off, ${a.altRel.toFixed(1)} m` : 'landed');
  }

  private publishTelemetry(): void {
    this.lastTelemetryAt = this.clock();
    this.emit('telemetry', this.telemetry);
  }

  private checkBattery(): void {
    const remaining = this.assembler.batteryRemaining;
    if (remaining === undefined) return;
    if (!this.lowBatteryReported && remaining < lowBatteryPct) {
      this.lowBatteryReported = true;
      this.event('lowBattery', `battery at ${remaining}% (${this.telemetry.battery.voltage.toFixed(1)} V)`);
    } else if (remaining > batteryRearmPct) {
      this.lowBatteryReported = false;
    }
  }

  // --- sending --------------------------------------------------------------------------------

  private get linkUp(): boolean {
    return this.target !== undefined && this.link !== undefined && !this.watchdog.isLost;
  }

  private send(message: MavLinkData): void {
    if (!this.link) return;
    const bytes = this.encoder.encode(message);
    if (this.options.onWrite) {
      const command = message instanceof common.CommandLong ? message.command : undefined;
      this.options.onWrite({ message: messageName(message), command, time: this.clock() });
    }
    this.link.write(bytes);
  }

  private sendSetpoint(setpoint: VelocitySetpoint): void {
    if (this.target) this.send(velocityTarget(this.target, setpoint));
  }

  /** Runs a COMMAND_LONG; a refusal carries the STATUSTEXT the vehicle gave with it (e.g. "PreArm: Need 3D Fix"). */
  private async command(what: string, command: number, params: readonly number[]): Promise<CommandOutcome> {
    const started = Date.now();
    const reply = await this.commands.send(this.target!, command, params);
    if (reply.status === 'link-down') return fail('link-down', `${what}: the link to the drone went down`);
    if (reply.status === 'timeout') return fail('timeout', `${what}: no answer from the drone (sent twice)`);
    if (reply.result === MavResult.ACCEPTED) return ok(what);
    const name = mavResultName(reply.result);
    const texts = this.recentTexts.filter((t) => t.at >= started).map((t) => t.text);
    return fail('denied', `${what} refused by the drone (${name})${texts.length ? `: ${texts.join('; ')}` : ''}`, name);
  }

  /** Waits until the vehicle's heartbeat shows what a command asked for. */
  private confirm(done: () => boolean): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.confirmations.delete(check);
        resolve(result);
      };
      const check = (): void => {
        if (done()) finish(true);
        else if (!this.linkUp) finish(false);
      };
      const timer = setTimeout(() => finish(false), this.timing.confirmMs);
      this.confirmations.add(check);
    });
  }

  private requestTelemetry(): void {
    const intervalUs = Math.round(1e6 / this.telemetryHz);
    void (async () => {
      // One at a time: ACKs name only the command, so parallel requests could be matched to the wrong answer.
      for (const msgid of streamedMessages) {
        if (!this.linkUp) return;
        const reply = await this.commands.send(this.target!, MavCmd.SET_MESSAGE_INTERVAL, [msgid, intervalUs]);
        if (reply.status !== 'ack' || reply.result !== MavResult.ACCEPTED) {
          this.logger.warn(`the drone did not take the rate for message ${msgid}: ${reply.status === 'ack' ? mavResultName(reply.result) : reply.status}`);
        }
      }
      this.requestMessage(common.HomePosition.MSG_ID);
    })();
  }

  private requestMessage(msgid: number): void {
    if (this.linkUp) void this.commands.send(this.target!, MavCmd.REQUEST_MESSAGE, [msgid]);
  }

  private linkDownOutcome(): CommandOutcome | undefined {
    if (!this.link || !this.target) return fail('link-down', 'not connected to the drone');
    if (this.watchdog.isLost) return fail('link-down', `no heartbeat from the drone for over ${this.timing.linkLostMs / 1000} s`);
    return undefined;
  }

  /** The contract's rule on the vehicle's state now (the same one the phone's buttons follow). */
  private refusal(command: DroneCommand, what: string): CommandOutcome | undefined {
    const verdict = commandAllowed(command, this.telemetry);
    return verdict.ok ? undefined : fail('not-allowed', `${what}: ${verdict.why}`);
  }

  private holdHeading(): number {
    return this.headingHold ?? this.assembler.heading;
  }

  private event(type: DroneEvent['type'], message: string): void {
    this.emit('event', { type, message: message.slice(0, 500), time: this.clock() });
  }

  private async shutdown(): Promise<void> {
    this.abortConnect?.();
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.watchdog.stop();
    this.commands.cancelAll();
    for (const check of this.confirmations) check();
    const link = this.link;
    this.link = undefined;
    this.decoder?.close();
    this.decoder = undefined;
    this.target = undefined;
    await link?.close();
    this.updateState();
  }
}
