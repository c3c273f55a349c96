import {
  commandOutcomeSchema,
  leavesDroneMoving,
  pilotAliveTimeoutMs,
  ProtocolError,
  type CommandOutcome,
  type DroneCommand,
  type LeaseHolder,
  type Logger,
  type RelayedCommand,
  type Role,
} from '@dronecast/protocol';
import { ControlLease } from './ControlLease.ts';

/** The ground agent's socket, as far as control needs it. */
export interface AgentChannel {
  id: string;
  send(command: RelayedCommand, timeoutMs: number): Promise<unknown>;
}

export interface Requester {
  peerId: string;
  role: Role;
}

export interface DroneControlOptions {
  droneId: string;
  logger: Logger;
  /** Tells every client of this drone about the lease. */
  announceLease(holder: LeaseHolder): void;
  announceAgent(online: boolean): void;
  /** A notice to every client (the failsafe acting). */
  announceFailsafe(message: string): void;
  /** Tells one client that another pilot asks for control. */
  notifyAsked(holderPeerId: string, by: string): void;
}

/** The drone's answer can take a while (arming runs checks); past this the SFU answers timeout itself. */
const relayTimeoutMs = 15_000;

/**
 * Who may fly one drone, and the relay of their commands to its ground agent. Also the failsafe:
 * if the pilot who set the drone moving goes away or goes silent, the drone is stopped.
 */
export class DroneControl {
  private agent: AgentChannel | undefined;
  private readonly lease: ControlLease;
  private lastAlive = 0;
  /** A pilot's go/goto is in effect: the drone moves until told otherwise. */
  private moving = false;
  private readonly watchdog: NodeJS.Timeout;

  constructor(private readonly options: DroneControlOptions) {
    this.lease = new ControlLease((holder) => options.announceLease(holder));
    this.watchdog = setInterval(() => this.checkPilotAlive(), 100);
    this.watchdog.unref();
  }

  get holder(): LeaseHolder {
    return this.lease.holder;
  }

  get agentOnline(): boolean {
    return this.agent !== undefined;
  }

  attachAgent(agent: AgentChannel): void {
    this.agent = agent;
    this.options.logger.info('ground agent attached', { socket: agent.id });
    this.options.announceAgent(true);
  }

  detachAgent(agentId: string): void {
    if (this.agent?.id !== agentId) return;
    this.agent = undefined;
    // The agent stops the drone itself when it loses us; nothing is moving on our account any more.
    this.moving = false;
    this.options.announceAgent(false);
  }

  acquire(requester: Requester): LeaseHolder {
    this.requirePilot(requester, 'take control');
    const holder = this.lease.acquire(requester.peerId);
    this.lastAlive = Date.now();
    return holder;
  }

  release(requester: Requester): LeaseHolder {
    if (this.lease.isHeldBy(requester.peerId)) void this.stopIfMoving('the pilot released control');
    return this.lease.release(requester.peerId);
  }

  ask(requester: Requester): LeaseHolder {
    this.requirePilot(requester, 'ask for control');
    const holder = this.lease.holder;
    if (holder && holder.peerId !== requester.peerId) this.options.notifyAsked(holder.peerId, requester.peerId);
    return holder;
  }

  alive(peerId: string): void {
    if (this.lease.isHeldBy(peerId)) this.lastAlive = Date.now();
  }

  /** A client went away: if it held the lease, free it, stopping the drone if it was moving. */
  peerGone(peerId: string): void {
    if (!this.lease.isHeldBy(peerId)) return;
    void this.stopIfMoving('the pilot disconnected');
    this.lease.release(peerId);
  }

  /** Whether this client holds the control lease now. */
  holds(peerId: string): boolean {
    return this.lease.isHeldBy(peerId);
  }

  /** Stops the drone if a pilot's command left it moving (e.g. pose control switched off mid-move). */
  stop(why: string): Promise<void> {
    return this.stopIfMoving(why);
  }

  /** `source` pose: the pose worker acting for the pilot, checked by PoseControl before it gets here. */
  async command(requester: Requester, command: DroneCommand, source: 'manual' | 'pose' = 'manual'): Promise<CommandOutcome> {
    if (requester.role !== 'pilot' && requester.role !== 'console') {
      throw new ProtocolError('FORBIDDEN', `a ${requester.role} cannot fly the drone`);
    }
    if (requester.role !== 'console' && (command.type === 'disconnect' || (command.type === 'connect' && command.connection))) {
      throw new ProtocolError('FORBIDDEN', 'only the ground station console can choose or drop the drone connection');
    }
    // A pilot flies under the lease, taking it when free; the ground console can always act.
    if (requester.role === 'pilot') this.acquire(requester);
    const outcome = await this.relay(command, { peerId: requester.peerId, role: requester.role, failsafe: false, source });
    if (outcome.ok && requester.role === 'pilot') this.moving = leavesDroneMoving(command) ?? this.moving;
    return outcome;
  }

  close(): void {
    clearInterval(this.watchdog);
  }

  private requirePilot(requester: Requester, what: string): void {
    if (requester.role !== 'pilot') throw new ProtocolError('FORBIDDEN', `only a pilot can ${what}`);
  }

  private async relay(command: DroneCommand, from: RelayedCommand['from']): Promise<CommandOutcome> {
    const agent = this.agent;
    if (!agent) throw new ProtocolError('UNAVAILABLE', 'the ground station is not connected to the server');
    let reply: unknown;
    try {
      reply = await agent.send({ command, from }, relayTimeoutMs);
    } catch {
      return { ok: false, reason: 'timeout', message: `the ground station did not answer within ${relayTimeoutMs / 1000} s` };
    }
    const outcome = commandOutcomeSchema.safeParse(reply);
    if (!outcome.success) throw new ProtocolError('INTERNAL', 'the ground station sent a malformed answer');
    return outcome.data;
  }

  private checkPilotAlive(): void {
    if (!this.moving || !this.lease.holder) return;
    const silentFor = Date.now() - this.lastAlive;
    if (silentFor > pilotAliveTimeoutMs) void this.stopIfMoving(`no word from the pilot for ${silentFor} ms`);
  }

  private async stopIfMoving(why: string): Promise<void> {
    if (!this.moving) return;
    this.moving = false;
    this.options.logger.warn(`failsafe: ${why}; stopping the drone`, { drone: this.options.droneId });
    this.options.announceFailsafe(`Failsafe: ${why}. The drone was told to stop and hover.`);
    try {
      const outcome = await this.relay({ type: 'go', direction: 'Stop' }, { peerId: 'failsafe', role: 'ground', failsafe: true });
      if (!outcome.ok) this.options.logger.error(`failsafe stop refused: ${outcome.message}`);
    } catch (error) {
      this.options.logger.error(`failsafe stop could not be sent: ${(error as Error).message}`);
    }
  }
}
