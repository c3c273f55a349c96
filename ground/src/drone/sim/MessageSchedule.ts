import { defaultMessageRates, vehicleMessageBuilders } from './vehicleMessages.ts';

/**
 * Which telemetry messages one channel gets and how often, on simulated time. Per channel, as
 * on ArduPilot: a ground station asking for 10 Hz over Wi-Fi does not flood the radio link.
 */
export class MessageSchedule {
  private readonly entries = new Map<number, { interval: number; next: number }>();

  constructor(now: number) {
    for (const [msgid, hz] of defaultMessageRates) this.entries.set(msgid, { interval: 1 / hz, next: now });
  }

  /** MAV_CMD_SET_MESSAGE_INTERVAL: -1 stops the message, 0 restores its default, else microseconds. False if it can't be streamed. */
  setInterval(msgid: number, intervalUs: number, now: number): boolean {
    if (!vehicleMessageBuilders.has(msgid)) return false;
    if (intervalUs < 0) {
      this.entries.delete(msgid);
      return true;
    }
    const defaultHz = defaultMessageRates.get(msgid);
    if (intervalUs === 0) {
      if (defaultHz) this.entries.set(msgid, { interval: 1 / defaultHz, next: now });
      else this.entries.delete(msgid);
      return true;
    }
    this.entries.set(msgid, { interval: intervalUs / 1e6, next: now });
    return true;
  }

  /** Seconds between messages, or undefined when not streamed. */
  interval(msgid: number): number | undefined {
    return this.entries.get(msgid)?.interval;
  }

  /** The messages due at `now`, each rescheduled. */
  due(now: number): number[] {
    const ids: number[] = [];
    for (const [msgid, entry] of this.entries) {
      if (now + 1e-9 < entry.next) continue;
      ids.push(msgid);
      entry.next += entry.interval;
      // After a stall, skip the backlog rather than burst it out.
      if (entry.next < now) entry.next = now + entry.interval;
    }
    return ids;
  }
}
