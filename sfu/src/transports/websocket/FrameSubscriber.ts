import type { Socket } from 'socket.io';
import { frameRelayEvents, type FramesStopped } from '@dronecast/protocol';

export interface FrameSubscriberStats {
  socketId: string;
  sent: number;
  /** Frames skipped because this phone had not taken the previous ones yet. */
  dropped: number;
  /** Packets waiting in engine.io for this phone: stays near 0, as frames are dropped instead. */
  queuedPackets: number;
}

/**
 * One phone receiving a drone's frames. A phone that reads slower than frames arrive gets fewer
 * of them instead of a growing queue: at most one frame waits for its connection.
 */
export class FrameSubscriber {
  private sent = 0;
  private dropped = 0;

  constructor(private readonly socket: Socket) {}

  get id(): string {
    return this.socket.id;
  }

  /** Sends the frame, or drops it (counted) when the connection is still busy with earlier ones. */
  offer(message: Uint8Array): boolean {
    if (this.backlogged()) {
      this.dropped++;
      return false;
    }
    this.socket.emit(frameRelayEvents.frame, message);
    this.sent++;
    return true;
  }

  /** Tells the phone its subscription ended, and why; the caller forgets it. */
  stop(reason: string): void {
    this.socket.emit(frameRelayEvents.stopped, { reason } satisfies FramesStopped);
  }

  /** Packets engine.io holds for this phone that are not yet handed to the transport. */
  get queuedPackets(): number {
    // engine.io keeps its write buffer private in the typings; reading its length is harmless.
    return (this.socket.conn as unknown as { writeBuffer?: readonly unknown[] }).writeBuffer?.length ?? 0;
  }

  get stats(): FrameSubscriberStats {
    return { socketId: this.socket.id, sent: this.sent, dropped: this.dropped, queuedPackets: this.queuedPackets };
  }

  /**
   * engine.io hands queued packets to the websocket only once ws has written the previous batch
   * to the kernel, so packets still queued mean the phone's TCP window is full. One frame may
   * wait behind the one being written (it absorbs jitter); any further frame is dropped.
   */
  private backlogged(): boolean {
    return !this.socket.conn.transport.writable && this.queuedPackets > 0;
  }
}
