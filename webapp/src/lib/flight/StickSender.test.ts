import { describe, expect, it } from 'vitest';
import type { StickCommand } from '@dronecast/protocol';
import { StickSender, type StickClock } from './StickSender.ts';

/** A clock the test moves by hand: timers run in order as time passes. */
class ManualClock implements StickClock {
  time = 0;
  #timers = new Map<number, { at: number; run: () => void }>();
  #next = 1;
  now = (): number => this.time;
  setTimeout = (run: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, run });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    this.time = end;
  }
}

function harness() {
  const clock = new ManualClock();
  const sent: { at: number; command: StickCommand }[] = [];
  const sender = new StickSender({ clock, send: (command) => sent.push({ at: clock.time, command }) });
  return { clock, sent, sender };
}

describe('the stick command stream', () => {
  it('sends a change at once, then 12.5 times a second while held', () => {
    const { clock, sent, sender } = harness();
    sender.set({ forward: 0.5 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ at: 0, command: { type: 'stick', forward: 0.5, right: 0, up: 0, yaw: 0 } });
    clock.advance(1000);
    expect(sent).toHaveLength(13);
    expect(sent.map((s) => s.at).slice(0, 4)).toEqual([0, 80, 160, 240]);
  });

  it('sends one zero on release, at once, and then nothing', () => {
    const { clock, sent, sender } = harness();
    sender.set({ forward: 1 });
    clock.advance(50);
    sender.set({ forward: 0 });
    expect(sent.at(-1)).toEqual({ at: 50, command: { type: 'stick', forward: 0, right: 0, up: 0, yaw: 0 } });
    const count = sent.length;
    clock.advance(2000);
    expect(sent).toHaveLength(count);
  });

  it('never sends closer than the minimum gap, but sends the latest position', () => {
    const { clock, sent, sender } = harness();
    sender.set({ right: 0.1 });
    clock.advance(10);
    sender.set({ right: 0.2 });
    clock.advance(10);
    sender.set({ right: 0.3 });
    expect(sent).toHaveLength(1);
    clock.advance(20);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ at: 40, command: { type: 'stick', forward: 0, right: 0.3, up: 0, yaw: 0 } });
  });

  it('sends a change at once after a resend: only changes are spaced out', () => {
    const { clock, sent, sender } = harness();
    sender.set({ forward: 0.5 });
    clock.advance(80);
    expect(sent).toHaveLength(2);
    clock.advance(10);
    sender.set({ forward: 0.6 });
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual({ at: 90, command: { type: 'stick', forward: 0.6, right: 0, up: 0, yaw: 0 } });
  });

  it('carries both sticks in one command', () => {
    const { sent, sender, clock } = harness();
    sender.set({ up: 0.7, yaw: -0.2 });
    clock.advance(100);
    sender.set({ forward: 0.4, right: 0.1 });
    clock.advance(40);
    expect(sent.at(-1)?.command).toEqual({ type: 'stick', forward: 0.4, right: 0.1, up: 0.7, yaw: -0.2 });
  });

  it('stays quiet while nothing is held, and close() lets go of a held stick', () => {
    const { clock, sent, sender } = harness();
    sender.set({ forward: 0 });
    clock.advance(1000);
    expect(sent).toHaveLength(0);
    sender.set({ yaw: 1 });
    sender.close();
    expect(sent.at(-1)?.command).toEqual({ type: 'stick', forward: 0, right: 0, up: 0, yaw: 0 });
    clock.advance(1000);
    expect(sent).toHaveLength(2);
  });
});
