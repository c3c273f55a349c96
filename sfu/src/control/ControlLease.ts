import { ProtocolError, type LeaseHolder } from '@dronecast/protocol';

/** One pilot at a time may fly a drone. The lease is free until a pilot takes it, and freed when it leaves. */
export class ControlLease {
  private current: LeaseHolder = null;

  constructor(private readonly onChange: (holder: LeaseHolder) => void) {}

  get holder(): LeaseHolder {
    return this.current;
  }

  isHeldBy(peerId: string): boolean {
    return this.current?.peerId === peerId;
  }

  /** Takes the lease if it is free (or already ours); refuses while another pilot holds it. */
  acquire(peerId: string, now = Date.now()): LeaseHolder {
    if (this.current && this.current.peerId !== peerId) {
      const seconds = Math.round((now - this.current.since) / 1000);
      throw new ProtocolError('INVALID_STATE', `another pilot has control (for ${seconds} s); ask them for it`);
    }
    if (!this.current) {
      this.current = { peerId, since: now };
      this.onChange(this.current);
    }
    return this.current;
  }

  release(peerId: string): LeaseHolder {
    if (this.current?.peerId === peerId) {
      this.current = null;
      this.onChange(null);
    }
    return this.current;
  }
}
