import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { commandLong, type Target } from './gcsMessages.ts';
import { addressedTo, targetOf } from './mavlink/messageTarget.ts';

export type CommandReply = { status: 'ack'; result: common.MavResult } | { status: 'timeout' } | { status: 'link-down' };

export interface CommandSenderOptions {
  send: (message: MavLinkData) => void;
  /** Our address: ACKs addressed to another ground station (another system, or another component of ours) are not ours. */
  own: Target;
  /** Per attempt; a command is sent at most twice (default 1500 ms). */
  timeoutMs?: number;
}

interface Pending {
  command: number;
  target: Target;
  params: readonly number[];
  attempt: number;
  timer: NodeJS.Timeout;
  resolve: (reply: CommandReply) => void;
}

/**
 * COMMAND_LONG with the MAVLink command protocol: wait for the COMMAND_ACK naming the same
 * command, resend once (confirmation = 1) when none comes, since radios drop packets. ACKs are
 * matched oldest first; IN_PROGRESS restarts the wait.
 */
export class CommandSender {
  private readonly pending: Pending[] = [];
  private readonly timeoutMs: number;

  constructor(private readonly options: CommandSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 1500;
  }

  send(target: Target, command: number, params: readonly number[]): Promise<CommandReply> {
    return new Promise((resolve) => {
      const entry: Pending = { command, target, params, attempt: 0, resolve, timer: setTimeout(() => this.expire(entry), this.timeoutMs) };
      this.pending.push(entry);
      this.options.send(commandLong(target, command, params, 0));
    });
  }

  handleAck(ack: common.CommandAck): void {
    // An old autopilot that leaves the target out answers whoever asked: that may be us.
    const target = targetOf(ack);
    if (target && !addressedTo(target, this.options.own)) return;
    const entry = this.pending.find((p) => p.command === ack.command);
    if (!entry) return;
    if (ack.result === common.MavResult.IN_PROGRESS) {
      entry.timer.refresh();
      return;
    }
    this.finish(entry, { status: 'ack', result: ack.result });
  }

  /** The link went down: nothing pending will be answered. */
  cancelAll(): void {
    for (const entry of [...this.pending]) this.finish(entry, { status: 'link-down' });
  }

  private expire(entry: Pending): void {
    if (entry.attempt === 0) {
      entry.attempt = 1;
      entry.timer = setTimeout(() => this.expire(entry), this.timeoutMs);
      this.options.send(commandLong(entry.target, entry.command, entry.params, 1));
      return;
    }
    this.finish(entry, { status: 'timeout' });
  }

  private finish(entry: Pending, reply: CommandReply): void {
    clearTimeout(entry.timer);
    this.pending.splice(this.pending.indexOf(entry), 1);
    entry.resolve(reply);
  }
}
