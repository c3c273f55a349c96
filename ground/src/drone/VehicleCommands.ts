import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { CommandFailureReason, CommandOutcome, Logger } from '@dronecast/protocol';
import { CommandSender } from './CommandSender.ts';
import type { Target } from './gcsMessages.ts';
import { mavResultName } from './mavlink/mavResult.ts';

const { MavCmd, MavResult } = common;

export const ok = (message: string): CommandOutcome => ({ ok: true, message });
export const fail = (reason: CommandFailureReason, message: string, mavResult?: string): CommandOutcome =>
  mavResult ? { ok: false, reason, message, mavResult } : { ok: false, reason, message };

/** Telemetry the vehicle is asked to stream once it is heard. */
const streamedMessages = [
  common.GlobalPositionInt.MSG_ID,
  common.VfrHud.MSG_ID,
  common.SysStatus.MSG_ID,
  common.BatteryStatus.MSG_ID,
  common.GpsRawInt.MSG_ID,
  common.Attitude.MSG_ID,
];

export interface VehicleCommandsOptions {
  send(message: MavLinkData): void;
  /** The vehicle, once heard. */
  target(): Target | undefined;
  linkUp(): boolean;
  /** Our own address, to tell our ACKs from other ground stations'. */
  own: Target;
  /** Wait for COMMAND_ACK per attempt. */
  commandTimeoutMs: number;
  /** After an accepted command, how long its effect may take to show in the heartbeat. */
  confirmMs: number;
  telemetryHz: number;
  logger: Logger;
}

/**
 * The MAVLink command protocol with one vehicle: COMMAND_LONG with its ACK (a refusal in words,
 * with the STATUSTEXT that came with it), waiting for the heartbeat to show the effect, and asking
 * for the telemetry streams.
 */
export class VehicleCommands {
  private readonly sender: CommandSender;
  private readonly recentTexts: { text: string; at: number }[] = [];
  private readonly confirmations = new Set<() => void>();

  constructor(private readonly options: VehicleCommandsOptions) {
    this.sender = new CommandSender({ send: options.send, own: options.own, timeoutMs: options.commandTimeoutMs });
  }

  handleAck(ack: common.CommandAck): void {
    this.sender.handleAck(ack);
  }

  /** A STATUSTEXT: kept a little while, to explain a refusal that comes with it. */
  statusText(text: string): void {
    this.recentTexts.push({ text, at: Date.now() });
    if (this.recentTexts.length > 20) this.recentTexts.shift();
  }

  /** A heartbeat came, or the link went: what waits for it checks again. */
  recheck(): void {
    for (const check of this.confirmations) check();
  }

  /** The link is gone: nothing is answered any more. */
  cancelAll(): void {
    this.sender.cancelAll();
    this.recheck();
  }

  /** Runs a COMMAND_LONG; a refusal carries the STATUSTEXT the vehicle gave with it (e.g. "PreArm: Need 3D Fix"). */
  async run(what: string, command: number, params: readonly number[]): Promise<CommandOutcome> {
    const started = Date.now();
    const reply = await this.sender.send(this.options.target()!, command, params);
    if (reply.status === 'link-down') return fail('link-down', `${what}: the link to the drone went down`);
    if (reply.status === 'timeout') return fail('timeout', `${what}: no answer from the drone (sent twice)`);
    if (reply.result === MavResult.ACCEPTED) return ok(what);
    const name = mavResultName(reply.result);
    const texts = this.recentTexts.filter((t) => t.at >= started).map((t) => t.text);
    return fail('denied', `${what} refused by the drone (${name})${texts.length ? `: ${texts.join('; ')}` : ''}`, name);
  }

  /** Waits until the vehicle's heartbeat shows what a command asked for. */
  confirm(done: () => boolean): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.confirmations.delete(check);
        resolve(result);
      };
      const check = (): void => {
        if (done()) finish(true);
        else if (!this.options.linkUp()) finish(false);
      };
      const timer = setTimeout(() => finish(false), this.options.confirmMs);
      this.confirmations.add(check);
    });
  }

  requestTelemetry(): void {
    const intervalUs = Math.round(1e6 / this.options.telemetryHz);
    void (async () => {
      // One at a time: ACKs name only the command, so parallel requests could be matched to the wrong answer.
      for (const msgid of streamedMessages) {
        if (!this.options.linkUp()) return;
        const reply = await this.sender.send(this.options.target()!, MavCmd.SET_MESSAGE_INTERVAL, [msgid, intervalUs]);
        if (reply.status !== 'ack' || reply.result !== MavResult.ACCEPTED) {
          this.options.logger.warn(`the drone did not take the rate for message ${msgid}: ${reply.status === 'ack' ? mavResultName(reply.result) : reply.status}`);
        }
      }
      this.requestMessage(common.HomePosition.MSG_ID);
    })();
  }

  requestMessage(msgid: number): void {
    if (this.options.linkUp()) void this.sender.send(this.options.target()!, MavCmd.REQUEST_MESSAGE, [msgid]);
  }
}
