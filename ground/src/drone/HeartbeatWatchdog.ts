import { EventEmitter } from 'node:events';

export interface HeartbeatWatchdogEvents {
  lost: [];
  restored: [];
}

/** Declares the link lost when the vehicle's 1 Hz heartbeat stops for `timeoutMs`, and back with the next one. */
export class HeartbeatWatchdog extends EventEmitter<HeartbeatWatchdogEvents> {
  private timer: NodeJS.Timeout | undefined;
  private lost = false;

  constructor(private readonly timeoutMs = 3000) {
    super();
  }

  get isLost(): boolean {
    return this.lost;
  }

  beat(): void {
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(() => this.expire(), this.timeoutMs);
    if (this.lost) {
      this.lost = false;
      this.emit('restored');
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expire(): void {
    this.timer = undefined;
    this.lost = true;
    this.emit('lost');
  }
}
