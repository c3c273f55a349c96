import type { Logger } from '@dronecast/protocol';

/**
 * The attempts of something redone after every reconnect (publishing a stream): each new attempt
 * makes the older ones stale, so a slow step from before a rebuild stops instead of touching the
 * new objects; a failed attempt is tried again after a pause, if the link is still up then.
 */
export class RetryAttempts {
  private current = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly link: { readonly connected: boolean },
    private readonly logger: Logger,
    /** After a failed attempt, how long until the next. */
    private readonly delayMs: number,
  ) {}

  /** Starts a new attempt (the others go stale); its number, for `isCurrent`. */
  begin(): number {
    this.cancel();
    return this.current;
  }

  /** The attempt under way: a step that belongs to it (not a new one) checks against this. */
  get latest(): number {
    return this.current;
  }

  isCurrent(attempt: number): boolean {
    return attempt === this.current;
  }

  /** Makes every attempt stale and drops a pending retry. */
  cancel(): void {
    this.current++;
    clearTimeout(this.timer);
  }

  /** Logs why, makes the attempts stale, and runs `again` after the pause if nothing newer began and the link is up. */
  retryLater(why: string, again: () => void): void {
    this.logger.error(`${why}; retrying in ${this.delayMs / 1000} s`);
    this.cancel();
    const retry = this.current;
    this.timer = setTimeout(() => {
      if (retry === this.current && this.link.connected) again();
    }, this.delayMs).unref();
  }
}
