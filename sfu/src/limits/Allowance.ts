import { ProtocolError } from '@dronecast/protocol';

/**
 * A cap on things one client holds at once (transports, consumers, downloads). A request takes
 * its place before its first await and gives it back when the thing is gone or was never made:
 * counting only what exists lets forty requests sent together all pass the check.
 */
export class Allowance {
  private used = 0;

  constructor(
    readonly max: number,
    /** "transports per client": what the refusal names. */
    private readonly what: string,
  ) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes a place or throws INVALID_STATE; the returned function gives it back, once. */
  take(): () => void {
    if (this.used >= this.max) throw new ProtocolError('INVALID_STATE', `at most ${this.max} ${this.what}; close one first`);
    this.used++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.used--;
    };
  }
}
