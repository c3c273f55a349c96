import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@dronecast/protocol';
import { ManualTimers } from '../testing/ManualTimers.ts';
import { IceRecovery, type RecoverableTransport, type TransportConnectionState } from './IceRecovery.ts';

/** A transport whose ICE restarts are recorded and answered as the test says. */
class FakeTransport implements RecoverableTransport {
  connectionState: TransportConnectionState = 'connected';
  restartsAsked = 0;
  refuseWith: Error | undefined;
  #pending: (() => void) | undefined;
  /** Leave restarts unanswered until answer() is called (default: answered at once). */
  holdRestarts = false;

  restartIce(): Promise<void> {
    this.restartsAsked++;
    if (this.refuseWith) return Promise.reject(this.refuseWith);
    if (!this.holdRestarts) return Promise.resolve();
    return new Promise((resolve) => (this.#pending = resolve));
  }

  answer(): void {
    this.#pending?.();
    this.#pending = undefined;
  }
}

/** Lets the policy's awaited restart settle (no time passes on the manual clock). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(options: { maxRestarts?: number } = {}) {
  const transport = new FakeTransport();
  const timers = new ManualTimers();
  const gaveUp: string[] = [];
  const recovery = new IceRecovery(transport, (reason) => gaveUp.push(reason), { disconnectGraceMs: 2_000, restartTimeoutMs: 10_000, ...options }, timers);
  const state = (next: TransportConnectionState): void => {
    transport.connectionState = next;
    recovery.onConnectionState(next);
  };
  return { transport, timers, gaveUp, recovery, state };
}

describe('IceRecovery: the one ICE-failure policy', () => {
  it("rides out a 'disconnected' that recovers within the grace period, without a restart", async () => {
    const { transport, timers, state } = setup();
    state('disconnected');
    timers.advance(1_999);
    state('connected');
    timers.advance(60_000);
    await settle();
    expect(transport.restartsAsked).toBe(0);
    expect(timers.pendingCount).toBe(0);
  });

  it("restarts ICE when 'disconnected' outlasts the grace period", async () => {
    const { transport, timers, state } = setup();
    state('disconnected');
    timers.advance(1_999);
    expect(transport.restartsAsked).toBe(0);
    timers.advance(1);
    await settle();
    expect(transport.restartsAsked).toBe(1);
  });

  it("restarts at once on 'failed'", async () => {
    const { transport, state } = setup();
    state('failed');
    await settle();
    expect(transport.restartsAsked).toBe(1);
  });

  it("tries again when a restart reaches no 'connected' in time, and gives up after maxRestarts in a row", async () => {
    const { transport, timers, gaveUp, state } = setup({ maxRestarts: 3 });
    state('failed');
    await settle();
    // The restarted ICE checks candidates: 'connecting' must not cancel the restart's deadline.
    state('connecting');
    expect(transport.restartsAsked).toBe(1);
    timers.advance(9_999);
    await settle();
    expect(transport.restartsAsked).toBe(1);
    timers.advance(1);
    await settle();
    expect(transport.restartsAsked).toBe(2);
    timers.advance(10_000);
    await settle();
    expect(transport.restartsAsked).toBe(3);
    expect(gaveUp).toEqual([]);
    timers.advance(10_000);
    await settle();
    expect(transport.restartsAsked).toBe(3);
    expect(gaveUp).toEqual(['the video connection failed 3 times in a row']);
    expect(timers.pendingCount).toBe(0);
  });

  it("counts only restarts in a row: each 'connected' starts the count again", async () => {
    const { transport, gaveUp, state } = setup({ maxRestarts: 2 });
    for (let outage = 0; outage < 5; outage++) {
      state('failed');
      await settle();
      state('connected');
    }
    expect(transport.restartsAsked).toBe(5);
    expect(gaveUp).toEqual([]);
  });

  it('gives up when the SFU refuses the restart (it no longer knows the transport)', async () => {
    const { transport, timers, gaveUp, state } = setup();
    transport.refuseWith = new ProtocolError('NOT_FOUND', 'unknown transport');
    state('failed');
    await settle();
    expect(gaveUp).toEqual(['restarting the video connection failed: unknown transport']);
    // Given up means done: later states change nothing.
    state('failed');
    timers.advance(60_000);
    await settle();
    expect(transport.restartsAsked).toBe(1);
    expect(gaveUp).toHaveLength(1);
  });

  it('runs one restart at a time', async () => {
    const { transport, state } = setup();
    transport.holdRestarts = true;
    state('failed');
    state('disconnected');
    state('failed');
    await settle();
    expect(transport.restartsAsked).toBe(1);
    transport.answer();
    await settle();
    expect(transport.restartsAsked).toBe(1);
  });

  it("waits no grace period while a restart's deadline is already running", async () => {
    const { transport, timers, state } = setup();
    state('failed');
    await settle();
    state('disconnected');
    timers.advance(2_000);
    await settle();
    expect(transport.restartsAsked).toBe(1);
    timers.advance(8_000);
    await settle();
    expect(transport.restartsAsked).toBe(2);
  });

  it('does nothing more once stopped, and leaves no timer behind', async () => {
    const { transport, timers, gaveUp, recovery, state } = setup();
    state('disconnected');
    recovery.stop();
    expect(timers.pendingCount).toBe(0);
    timers.advance(60_000);
    state('failed');
    await settle();
    expect(transport.restartsAsked).toBe(0);
    expect(gaveUp).toEqual([]);
  });
});
