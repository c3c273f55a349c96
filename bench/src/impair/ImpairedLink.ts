import type { ImpairmentProfile } from './ImpairmentProfile.ts';

/** Linux's minimum TCP retransmission timeout: what a lost segment costs a TCP stream. */
export const tcpRetransmitStallMs = 200;

export interface ImpairedLinkOptions {
  profile: ImpairmentProfile;
  /** Datagrams are dropped when the cap would queue them longer than this (a router's buffer). */
  maxQueueMs?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * One direction of an impaired path: decides for each packet whether it is lost and when it
 * arrives, given the added delay and the rate cap (a packet leaves only after the ones before
 * it have been serialised at the capped rate). Pure timing; the relays do the sockets.
 */
export class ImpairedLink {
  private busyUntil = 0;
  private lastArrival = 0;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly maxQueueMs: number;

  constructor(private readonly options: ImpairedLinkOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => performance.now());
    this.maxQueueMs = options.maxQueueMs ?? 200;
  }

  /** The delay before this datagram arrives, or null when it is lost (random loss or a full queue). */
  datagram(bytes: number): number | null {
    const { lossPercent = 0 } = this.options.profile;
    if (lossPercent > 0 && this.random() * 100 < lossPercent) return null;
    const now = this.now();
    const departure = this.depart(now, bytes);
    if (departure - now > this.maxQueueMs) return null;
    this.busyUntil = departure;
    return departure - now + (this.options.profile.delayMs ?? 0);
  }

  /**
   * The delay before this chunk of a TCP stream arrives. Nothing is dropped (TCP retransmits), but
   * a lost segment stalls it and everything behind it, and order is kept.
   */
  streamChunk(bytes: number): number {
    const { lossPercent = 0, delayMs = 0 } = this.options.profile;
    const now = this.now();
    const departure = this.depart(now, bytes);
    this.busyUntil = departure;
    const segments = Math.max(1, Math.ceil(bytes / 1448));
    let stall = 0;
    for (let i = 0; i < segments && lossPercent > 0; i++) if (this.random() * 100 < lossPercent) stall = tcpRetransmitStallMs + 2 * delayMs;
    const arrival = Math.max(departure + delayMs + stall, this.lastArrival);
    this.lastArrival = arrival;
    return arrival - now;
  }

  /** How long the cap still has queued, ms (the TCP relay pauses its reader above a limit). */
  queuedMs(): number {
    return Math.max(0, this.busyUntil - this.now());
  }

  private depart(now: number, bytes: number): number {
    const { rateKbps } = this.options.profile;
    if (!rateKbps) return now;
    return Math.max(now, this.busyUntil) + (bytes * 8) / rateKbps;
  }
}
