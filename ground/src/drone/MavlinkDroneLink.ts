import { EventEmitter } from 'node:events';
import { common, minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { armableModes, commandAllowed, stickCentred } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import type { CommandOutcome, Direction, DroneCommand, DroneEvent, DroneState, FlightMode, Logger, StickAxes, Telemetry } from '@dronecast/protocol';
import { systemTimers } from '../time/Timers.ts';
import { agentIdentity } from './agentIdentity.ts';
import type { DroneLink, DroneLinkEvents } from './DroneLinkTypes.ts';
import { FlightStateTracker } from './FlightStateTracker.ts';
import { distanceM } from './geo.ts';
import { gcsHeartbeat, globalTarget, velocityTarget, type Target, type VelocitySetpoint } from './gcsMessages.ts';
import { HeartbeatWatchdog } from './HeartbeatWatchdog.ts';
import { LowBatteryWarning } from './LowBatteryWarning.ts';
import { defaultTiming, type DroneLinkTiming, type MavlinkDroneLinkOptions } from './MavlinkDroneLinkOptions.ts';
import { parseConnection, type Connection } from './links/connectionString.ts';
import { copterModeNumber } from './mavlink/copterModes.ts';
import type { MavlinkMessage } from './mavlink/MavlinkFrame.ts';
import { messageName } from './mavlink/registry.ts';
import { TelemetryAssembler } from './TelemetryAssembler.ts';
import { isVehicleHeartbeat, VehicleChannel } from './VehicleChannel.ts';
import { VehicleCommands, fail, ok } from './VehicleCommands.ts';
import { VelocityMoves } from './VelocityMoves.ts';

const { MavCmd } = common;

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
  private readonly assembler = new TelemetryAssembler();
  private readonly tracker = new FlightStateTracker();
  private readonly watchdog: HeartbeatWatchdog;
  private readonly commands: VehicleCommands;
  private readonly moves: VelocityMoves;
  private channel: VehicleChannel | undefined;
  private detachRouter: (() => void) | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private onFirstHeartbeat: (() => void) | undefined;
  private abortConnect: (() => void) | undefined;
  private arming = false;
  private takeoffAltitude: number | undefined;
  private readonly lowBattery = new LowBatteryWarning();
  private lastTelemetryAt = 0;

  constructor(private readonly options: MavlinkDroneLinkOptions) {
    super();
    // Throws UsageError now, so a bad string is reported before anything opens.
    this.parsed = parseConnection(options.connection);
    this.connection = options.connection;
    this.logger = options.logger ?? createLogger('drone');
    this.clock = options.clock ?? Date.now;
    this.timing = { ...defaultTiming, ...options.timing };
    this.watchdog = new HeartbeatWatchdog(this.timing.linkLostMs);
    this.watchdog.on('lost', () => this.linkLost());
    this.watchdog.on('restored', () => this.linkRestored());
    this.commands = new VehicleCommands({
      send: (m) => this.send(m),
      target: () => this.target,
      linkUp: () => this.linkUp,
      own: agentIdentity,
      commandTimeoutMs: this.timing.commandTimeoutMs,
      confirmMs: this.timing.confirmMs,
      telemetryHz: options.telemetryHz ?? 4,
      logger: this.logger,
    });
    this.moves = new VelocityMoves({
      sendSetpoint: (setpoint) => this.sendSetpoint(setpoint),
      vehicle: () => this.assembler,
      speeds: { horizontal: options.horizontalSpeed ?? 1, vertical: options.verticalSpeed ?? 0.5 },
      resendMs: this.timing.setpointResendMs,
      stickHoldMs: this.timing.stickHoldMs,
      timers: options.timers ?? systemTimers,
      logger: this.logger,
    });
  }

  get state(): DroneState {
    return this.tracker.state;
  }

  get telemetry(): Telemetry {
    return this.assembler.snapshot(this.tracker.state, !this.linkUp, this.clock());
  }

  /** Horizontal go() speed now, m/s. */
  get speed(): number {
    return this.moves.speeds.horizontal;
  }

  async connect(timeoutMs = 10_000): Promise<void> {
    if (this.channel) throw new Error(`already connected to ${this.connection}`);
    const channel = new VehicleChannel(this.parsed, agentIdentity, this.logger);
    channel.on('frame', (frame) => {
      if (frame.message) this.receive(frame.message);
    });
    try {
      await channel.open();
    } catch (error) {
      await channel.close();
      throw error;
    }
    this.channel = channel;
    // Ground stations (--gcs) share the link from here on: they hear the vehicle, it hears them.
    this.detachRouter = this.options.router?.attachVehicle(channel);
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
    this.logger.info(`vehicle ${this.target?.system}/${this.target?.component} on ${channel.description}`);
  }

  async close(): Promise<void> {
    if (!this.channel) return;
    if (this.moves.moving && this.linkUp) this.moves.stop();
    this.moves.close();
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
      const outcome = await this.commands.run('arming', MavCmd.COMPONENT_ARM_DISARM, [1]);
      if (!outcome.ok) return outcome;
      return (await this.commands.confirm(() => this.assembler.armed)) ? ok('armed') : fail('timeout', 'the drone accepted arming but never reported being armed');
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
    const outcome = await this.commands.run('disarming', MavCmd.COMPONENT_ARM_DISARM, [0]);
    if (!outcome.ok) return outcome;
    return (await this.commands.confirm(() => !this.assembler.armed)) ? ok('disarmed') : fail('timeout', 'the drone accepted disarming but still reports armed');
  }

  async setMode(mode: FlightMode): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (this.assembler.mode === mode) return ok(`already in ${mode}`);
    const outcome = await this.commands.run(`mode ${mode}`, MavCmd.DO_SET_MODE, [minimal.MavModeFlag.CUSTOM_MODE_ENABLED, copterModeNumber[mode]]);
    if (!outcome.ok) return outcome;
    return (await this.commands.confirm(() => this.assembler.mode === mode)) ? ok(`mode ${mode}`) : fail('timeout', `the drone accepted ${mode} but its heartbeat still says ${this.assembler.mode}`);
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
    const outcome = await this.commands.run('take off', MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, altitudeM]);
    if (!outcome.ok) return outcome;
    this.takeoffAltitude = altitudeM;
    this.moves.forgetHeading();
    this.updateState();
    return ok(`taking off to ${altitudeM} m`);
  }

  async go(direction: Direction): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (direction === 'Stop') return ok(this.moves.stop());
    const refusal = this.refusal({ type: 'go', direction }, `go ${direction}`);
    if (refusal) return refusal;
    // A velocity setpoint ends ArduCopter's takeoff; the climb target no longer applies.
    this.takeoffAltitude = undefined;
    const done = this.moves.go(direction);
    this.updateState();
    return ok(done);
  }

  /**
   * The virtual sticks: body-frame velocity (forward/right as fractions of the speed setting, up
   * of the climb speed) and a yaw rate, sent at once and kept alive while renewed; centred, a Stop.
   */
  async stick(axes: StickAxes): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    if (stickCentred(axes)) return ok(this.moves.stop());
    const refusal = this.refusal({ type: 'stick', ...axes }, 'sticks');
    if (refusal) return refusal;
    this.takeoffAltitude = undefined;
    const done = this.moves.stick(axes);
    this.updateState();
    return ok(done);
  }

  /** Horizontal go() speed, now and for goto (sent as MAV_CMD_DO_CHANGE_SPEED when the link is up). */
  async setSpeed(metersPerSecond: number): Promise<CommandOutcome> {
    if (!(metersPerSecond >= 0.1 && metersPerSecond <= 15)) return fail('not-allowed', 'speed must be between 0.1 and 15 m/s');
    this.moves.setSpeed(metersPerSecond);
    if (!this.linkUp) return ok(`speed ${metersPerSecond} m/s for moves (the drone's goto speed is unchanged: no link)`);
    const outcome = await this.commands.run('speed change', MavCmd.DO_CHANGE_SPEED, [1, metersPerSecond, -1, 0]);
    return outcome.ok ? ok(`speed ${metersPerSecond} m/s`) : outcome;
  }

  async changeHeading(degrees: number): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'heading', degrees }, 'turning');
    if (refusal) return refusal;
    const heading = ((degrees % 360) + 360) % 360;
    const outcome = await this.commands.run('turn', MavCmd.CONDITION_YAW, [heading, 0, 0, 0]);
    if (!outcome.ok) return outcome;
    this.moves.headingChanged(heading);
    return ok(`turning to ${heading}°`);
  }

  async goto(lat: number, lon: number, altRelM: number): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'goto', lat, lon, alt: altRelM }, 'goto');
    if (refusal) return refusal;
    this.moves.halt();
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
    this.moves.halt();
    const outcome = await this.commands.run('land', MavCmd.NAV_LAND, []);
    return outcome.ok ? ok('landing') : outcome;
  }

  async rtl(): Promise<CommandOutcome> {
    const down = this.linkDownOutcome();
    if (down) return down;
    const refusal = this.refusal({ type: 'rtl' }, 'return to launch');
    if (refusal) return refusal;
    this.moves.halt();
    const outcome = await this.commands.run('return to launch', MavCmd.NAV_RETURN_TO_LAUNCH, []);
    return outcome.ok ? ok('returning to launch') : outcome;
  }

  // --- receiving ------------------------------------------------------------------------------

  /** The vehicle's messages (the channel knows which system is the vehicle); the rest is not ours to read. */
  private receive(message: MavlinkMessage): void {
    const vehicle = this.target;
    if (!vehicle || message.sysid !== vehicle.system) return;
    const d = message.data;
    if (d instanceof minimal.Heartbeat) {
      if (message.compid === vehicle.component && isVehicleHeartbeat(d)) this.onHeartbeat(d);
      return;
    }
    if (d instanceof common.CommandAck) {
      this.commands.handleAck(d);
    } else if (d instanceof common.StatusText) {
      this.commands.statusText(d.text);
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
      this.commands.requestTelemetry();
    } else {
      if (wasArmed !== this.assembler.armed) this.event(this.assembler.armed ? 'armed' : 'disarmed', this.assembler.armed ? 'motors armed' : 'motors disarmed');
      if (previousMode !== heartbeat.customMode) this.event('modeChanged', `mode ${this.assembler.mode}`);
    }
    if (this.assembler.armed && !wasArmed) this.commands.requestMessage(common.HomePosition.MSG_ID);
    if (!this.assembler.armed) this.takeoffAltitude = undefined;
    if (previousMode !== heartbeat.customMode) {
      this.takeoffAltitude = undefined;
      this.moves.forgetHeading();
      // Outside GUIDED the vehicle ignores setpoints; keeping them flowing would only surprise a pilot switching back.
      if (this.assembler.mode !== 'GUIDED') this.moves.halt();
    }
    this.updateState();
    this.commands.recheck();
    if (this.clock() - this.lastTelemetryAt > 1000) this.publishTelemetry();
  }

  private linkLost(): void {
    this.logger.warn(`no heartbeat from the drone for ${this.timing.linkLostMs / 1000} s: link lost`);
    this.moves.halt();
    this.commands.cancelAll();
    this.updateState();
    this.event('linkLost', `no heartbeat for ${this.timing.linkLostMs / 1000} s`);
    this.publishTelemetry();
  }

  private linkRestored(): void {
    this.logger.info('heartbeat back: link restored');
    this.event('linkRestored', 'heartbeat back');
    // The vehicle may have rebooted and forgotten the rates we asked for.
    this.commands.requestTelemetry();
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
    if (remaining !== undefined && this.lowBattery.check(remaining)) {
      this.event('lowBattery', `battery at ${remaining}% (${this.telemetry.battery.voltage.toFixed(1)} V)`);
    }
  }

  // --- sending --------------------------------------------------------------------------------

  /** The vehicle's address, once its first heartbeat came on the current channel. */
  private get target(): Target | undefined {
    return this.channel?.vehicle;
  }

  private get linkUp(): boolean {
    return this.target !== undefined && !this.watchdog.isLost;
  }

  private send(message: MavLinkData): void {
    const channel = this.channel;
    if (!channel) return;
    if (this.options.onWrite) {
      const command = message instanceof common.CommandLong ? message.command : undefined;
      this.options.onWrite({ message: messageName(message), command, time: this.clock() });
    }
    channel.send(message);
  }

  private sendSetpoint(setpoint: VelocitySetpoint): void {
    if (this.target) this.send(velocityTarget(this.target, setpoint));
  }

  private linkDownOutcome(): CommandOutcome | undefined {
    if (!this.target) return fail('link-down', 'not connected to the drone');
    if (this.watchdog.isLost) return fail('link-down', `no heartbeat from the drone for over ${this.timing.linkLostMs / 1000} s`);
    return undefined;
  }

  /** The contract's rule on the vehicle's state now (the same one the phone's buttons follow). */
  private refusal(command: DroneCommand, what: string): CommandOutcome | undefined {
    const verdict = commandAllowed(command, this.telemetry);
    return verdict.ok ? undefined : fail('not-allowed', `${what}: ${verdict.why}`);
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
    const channel = this.channel;
    this.channel = undefined;
    this.detachRouter?.();
    this.detachRouter = undefined;
    await channel?.close();
    this.updateState();
  }
}
