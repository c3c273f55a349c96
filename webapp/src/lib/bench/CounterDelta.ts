/**
 * Adds up a counter that restarts: the bytes a transport has received (0 again when its consumer
 * or player is rebuilt), the time a player has spent on the main thread. `update()` takes the
 * counter's current value and the object it belongs to; a new owner or a smaller value is a
 * restart, so what it shows then is all new.
 */
export class CounterDelta {
  #owner: unknown = undefined;
  #last: number | null = null;
  #total = 0;

  /** Reads the counter; returns how much it grew since the last read. */
  update(value: number, owner: unknown = undefined): number {
    let grew: number;
    if (this.#last === null) grew = 0;
    else if (owner !== this.#owner || value < this.#last) grew = value;
    else grew = value - this.#last;
    this.#owner = owner;
    this.#last = value;
    this.#total += grew;
    return grew;
  }

  /** Growth since the first read or the last restart of the count. */
  get total(): number {
    return this.#total;
  }

  /** Counts from zero again, from the counter's current value. */
  restartCount(): void {
    this.#total = 0;
  }
}
