import { ProtocolError } from '@dronecast/protocol';

/**
 * At most `concurrent` jobs at a time, the others wait in order of arrival; past `maxWaiting`
 * a job is refused rather than queued. For work that shares a link with something more urgent
 * (gallery bytes on the ground agent's socket, which also carries the pilots' commands).
 */
export class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrent: number,
    readonly maxWaiting: number,
    /** "gallery reads": what the refusal names. */
    private readonly what: string,
  ) {}

  get inFlight(): number {
    return this.running;
  }

  /** Runs `job` in its turn; its place is given back however it ends. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrent) {
      if (this.waiting.length >= this.maxWaiting) throw new ProtocolError('RATE_LIMITED', `too many ${this.what} waiting; try again shortly`);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await job();
    } finally {
      // The place passes straight to the next in line, so the count never dips and overshoots.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
