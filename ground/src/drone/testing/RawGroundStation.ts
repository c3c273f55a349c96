import { common, minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { Target } from '../gcsMessages.ts';
import type { ByteLink } from '../links/ByteLink.ts';
import { MavlinkDecoder, type MavlinkMessage } from '../mavlink/MavlinkDecoder.ts';
import { MavlinkEncoder } from '../mavlink/MavlinkEncoder.ts';

/** QGroundControl's and Mission Planner's MAVLink address. */
export const qgcIdentity: Target = { system: 255, component: 190 };

/** A bare MAVLink endpoint for tests: sends what it is told (as `identity`) and keeps everything it hears. */
export class RawGroundStation {
  readonly messages: MavlinkMessage[] = [];
  private readonly encoder: MavlinkEncoder;
  private readonly decoder = new MavlinkDecoder();

  constructor(
    readonly link: ByteLink,
    readonly identity: Target = qgcIdentity,
  ) {
    this.encoder = new MavlinkEncoder(identity.system, identity.component);
    link.on('data', (bytes) => this.decoder.push(bytes));
    this.decoder.on('message', (m) => this.messages.push(m));
  }

  static async open(link: ByteLink, identity?: Target): Promise<RawGroundStation> {
    await link.open();
    return new RawGroundStation(link, identity);
  }

  send(message: MavLinkData): void {
    this.link.write(this.encoder.encode(message));
  }

  /** The first message named `name` (after `from`, an index into messages) matching `test`. */
  async next<T extends MavLinkData>(name: string, test: (data: T) => boolean = () => true, from = 0, timeoutMs = 3000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find((m) => m.name === name && test(m.data as T));
      if (found) return found.data as T;
      if (Date.now() > deadline) throw new Error(`no ${name} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  count(name: string, from = 0): number {
    return this.messages.slice(from).filter((m) => m.name === name).length;
  }

  /** Sends a COMMAND_LONG (to the vehicle, or to `target`) and waits for its COMMAND_ACK. */
  async command(command: number, params: number[] = [], target: Target = { system: 1, component: 1 }, timeoutMs = 3000): Promise<common.CommandAck> {
    const m = new common.CommandLong();
    m.targetSystem = target.system;
    m.targetComponent = target.component;
    m.command = command;
    const p = (n: number): number => params[n - 1] ?? 0;
    [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7] = [p(1), p(2), p(3), p(4), p(5), p(6), p(7)];
    const from = this.messages.length;
    this.send(m);
    return this.next<common.CommandAck>('COMMAND_ACK', (a) => a.command === command, from, timeoutMs);
  }

  heartbeat(): void {
    const m = new minimal.Heartbeat();
    m.type = minimal.MavType.GCS;
    m.autopilot = minimal.MavAutopilot.INVALID;
    m.mavlinkVersion = 3;
    this.send(m);
  }

  async close(): Promise<void> {
    this.decoder.close();
    await this.link.close();
  }
}
