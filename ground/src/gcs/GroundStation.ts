import { EventEmitter } from 'node:events';
import type { GroundStationKind } from '@dronecast/protocol';
import { RateLimiter } from '@dronecast/runtime';
import type { Target } from '../drone/gcsMessages.ts';
import { MavlinkDecoder } from '../drone/mavlink/MavlinkDecoder.ts';
import type { MavlinkFrame } from '../drone/mavlink/MavlinkFrame.ts';
import { addressedTo } from '../drone/mavlink/messageTarget.ts';
import type { Timers } from '../time/Timers.ts';

export interface GroundStationLimits {
  /**
   * Frames a second one station may send on (default 200, bursts of 400). A ground station sends
   * tens a second (heartbeat, parameter and mission requests, a joystick at 50 Hz); more is a
   * flood, and the drone's radio carries a few hundred small frames a second at most.
   */
  framesPerSecond: number;
  burst: number;
}

export const defaultGroundStationLimits: GroundStationLimits = { framesPerSecond: 200, burst: 400 };

/** MAVLink addresses remembered per station: a ground station sends from one or two; more is spoofing. */
const maxAddresses = 8;

export interface GroundStationOptions {
  kind: GroundStationKind;
  /** e.g. "192.168.1.20:14550". */
  address: string;
  /** Hands bytes to its transport; false when they could not go (not connected, peer not reading). */
  write: (bytes: Buffer) => boolean;
  /** Whether its transport is up (a TCP connection; UDP always is). */
  linkUp?: () => boolean;
  timers: Timers;
  limits?: GroundStationLimits;
}

export interface GroundStationEvents {
  /** A frame it sent, within its rate. */
  frame: [MavlinkFrame];
}

/**
 * One ground station beside the agent (QGroundControl, Mission Planner, MAVProxy), however it is
 * reached: its bytes become frames (garbage skipped, at most one packet buffered, a flood cut to
 * its rate), frames go to it as they are, and it remembers the MAVLink addresses it sends from, so
 * that a message addressed to one of them reaches it and no other.
 */
export class GroundStation extends EventEmitter<GroundStationEvents> {
  readonly kind: GroundStationKind;
  readonly address: string;
  /** When it was first heard or set up, on the timers' clock. */
  readonly since: number;
  /** The last valid frame from it, on the timers' clock. */
  lastHeardAt: number | undefined;
  packetsIn = 0;
  packetsOut = 0;
  /** Frames refused because it sent faster than its limit. */
  packetsDropped = 0;
  private readonly decoder = new MavlinkDecoder();
  private readonly limiter: RateLimiter;
  private readonly addresses: Target[] = [];

  constructor(private readonly options: GroundStationOptions) {
    super();
    this.kind = options.kind;
    this.address = options.address;
    this.since = options.timers.now();
    const limits = options.limits ?? defaultGroundStationLimits;
    this.limiter = new RateLimiter(limits.framesPerSecond, limits.burst, () => options.timers.now());
    this.decoder.on('frame', (frame) => this.received(frame));
  }

  get linkUp(): boolean {
    return this.options.linkUp?.() ?? true;
  }

  /** The MAVLink addresses it sent from, e.g. ["255/190"]. */
  get mavlinkIds(): string[] {
    return this.addresses.map((a) => `${a.system}/${a.component}`);
  }

  /** Bytes from its transport, in chunks of any size. */
  receive(bytes: Buffer): void {
    this.decoder.push(bytes);
  }

  /**
   * A UDP datagram (whole frames). Past its rate it is dropped unread and counted as one packet:
   * parsing a flood costs the agent more than sending it costs the flooder (measured: reading fell
   * behind at 14,000 datagrams a second, and the kernel then dropped other stations' datagrams too).
   */
  receiveDatagram(bytes: Buffer): void {
    if (this.limiter.available()) {
      this.receive(bytes);
      return;
    }
    this.lastHeardAt = this.options.timers.now();
    this.packetsDropped++;
  }

  send(frame: Buffer): void {
    if (this.options.write(frame)) this.packetsOut++;
  }

  /** Whether a message addressed to `target` is for this station: a system, or a component of one, heard from it. */
  reaches(target: Target): boolean {
    return this.addresses.some((address) => addressedTo(target, address));
  }

  close(): void {
    this.decoder.close();
    this.removeAllListeners();
  }

  private received(frame: MavlinkFrame): void {
    this.lastHeardAt = this.options.timers.now();
    if (!this.limiter.take()) {
      this.packetsDropped++;
      return;
    }
    this.packetsIn++;
    this.learn(frame.sysid, frame.compid);
    this.emit('frame', frame);
  }

  private learn(system: number, component: number): void {
    if (this.addresses.length >= maxAddresses || this.addresses.some((a) => a.system === system && a.component === component)) return;
    this.addresses.push({ system, component });
  }
}
