export interface BatteryOptions {
  /** LiPo cells in series (default 4). */
  cells?: number;
  /** Default 5200 mAh. */
  capacityMah?: number;
  /** Charge at start, % (default 100); lower it to test low-battery handling. */
  remainingPct?: number;
}

/** A LiPo pack: charge drawn by the current, voltage falling with charge and sagging under load. */
export class Battery {
  readonly cells: number;
  readonly capacityMah: number;
  consumedMah: number;
  current = 0;
  private static readonly internalOhms = 0.025;

  constructor(options: BatteryOptions = {}) {
    this.cells = options.cells ?? 4;
    this.capacityMah = options.capacityMah ?? 5200;
    this.consumedMah = this.capacityMah * (1 - (options.remainingPct ?? 100) / 100);
  }

  /** 0-100. */
  get remainingPct(): number {
    return Math.max(0, 100 * (1 - this.consumedMah / this.capacityMah));
  }

  get voltage(): number {
    // Linear 4.2 V (full) to 3.5 V (empty) per cell: close enough for a ground station's display.
    const open = this.cells * (3.5 + 0.7 * (this.remainingPct / 100));
    return open - this.current * Battery.internalOhms;
  }

  get consumedWh(): number {
    return (this.consumedMah / 1000) * this.cells * 3.85;
  }

  draw(amps: number, dt: number): void {
    this.current = amps;
    this.consumedMah += (amps * dt * 1000) / 3600;
  }
}
