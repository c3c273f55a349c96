import type { EventEmitter } from 'node:events';

export interface ByteLinkEvents {
  data: [Buffer];
  /** Something went wrong that the link may recover from (a TCP drop it will redial, a send that failed). */
  error: [Error];
  /** The link is closed for good: close() was called or the device went away. */
  close: [];
}

/** A byte pipe to a MAVLink peer: UDP, TCP or a serial port. It knows nothing of MAVLink. */
export interface ByteLink extends EventEmitter<ByteLinkEvents> {
  /** The connection string as users write it, with the real port once open (e.g. "udp:127.0.0.1:14550"). */
  readonly description: string;
  /** Binds, connects or opens the device; rejects with a clear error (port in use, refused, no such device). */
  open(): Promise<void>;
  /** Sends the bytes if there is a peer to send to, else drops them (as a radio out of range would). */
  write(bytes: Buffer): void;
  close(): Promise<void>;
}
