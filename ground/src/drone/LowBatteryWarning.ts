const lowBatteryPct = 20;
/** A fresh battery: above this, a later low-battery warning is news again. */
const batteryRearmPct = 30;

/** Says "low battery" once as the charge falls below 20%, and again only after a fresh battery (above 30%). */
export class LowBatteryWarning {
  private reported = false;

  /** True when this reading is the one to warn about. */
  check(remainingPct: number): boolean {
    if (!this.reported && remainingPct < lowBatteryPct) {
      this.reported = true;
      return true;
    }
    if (remainingPct > batteryRearmPct) this.reported = false;
    return false;
  }
}
