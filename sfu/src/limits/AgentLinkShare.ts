import { Turns } from './Turns.ts';

export interface ShareClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: ShareClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/**
 * The ground agent's one socket, shared by the pilots' commands and gallery bytes. Commands go
 * first: a bulk job waits until no command is in flight, so a command's answer never queues
 * behind a chunk it did not have to. Bulk jobs go one at a time and are paced to a byte rate,
 * because at full speed the downloads' TLS and framing take the SFU's CPU from the commands
 * (measured: e2e/measure/commandsDuringDownloads.ts).
 */
export class AgentLinkShare {
  private urgentInFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly bulkTurns: Turns;

  constructor(
    /** Bulk bytes a second, at most. */
    private readonly bulkBytesPerSecond: number,
    maxBulkWaiting: number,
    private readonly clock: ShareClock = realClock,
  ) {
    this.bulkTurns = new Turns(1, maxBulkWaiting, 'gallery reads');
  }

  get commandsInFlight(): number {
    return this.urgentInFlight;
  }

  async urgent<T>(job: () => Promise<T>): Promise<T> {
    this.urgentInFlight++;
    try {
      return await job();
    } finally {
      if (--this.urgentInFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Runs a job moving about `bytes`, in its turn, after the commands, and no faster than the rate. */
  bulk<T>(bytes: number, job: () => Promise<T>): Promise<T> {
    return this.bulkTurns.run(async () => {
      while (this.urgentInFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      const startedAt = this.clock.now();
      const result = await job();
      // Keep the turn until the bytes' share of time is over: the next chunk waits, not the commands.
      const dueAt = startedAt + (bytes * 1000) / this.bulkBytesPerSecond;
      const wait = dueAt - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      return result;
    });
  }
}
