import { describe, expect, it } from 'vitest';
import { AgentLinkShare, type ShareClock } from './AgentLinkShare.ts';

/** A clock the test moves: sleeps end only when it advances past them. */
function manualClock(): ShareClock & { advance(ms: number): void; sleeping(): number[] } {
  let now = 0;
  let sleepers: { until: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: now + ms, wake })),
    advance(ms) {
      now += ms;
      const due = sleepers.filter((s) => s.until <= now);
      sleepers = sleepers.filter((s) => s.until > now);
      for (const s of due) s.wake();
    },
    sleeping: () => sleepers.map((s) => s.until - now),
  };
}

function held<T>(value: T) {
  let finish: () => void = () => undefined;
  const done = new Promise<T>((resolve) => (finish = () => resolve(value)));
  return { job: () => done, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AgentLinkShare: commands first, gallery bytes paced', () => {
  it('starts no chunk while a command is in flight, and starts it once the commands are answered', async () => {
    const share = new AgentLinkShare(1_000_000, 10, manualClock());
    const command = held('done');
    const answered = share.urgent(command.job);
    let chunkStarted = false;
    const chunk = share.bulk(0, async () => {
      chunkStarted = true;
      return 'bytes';
    });
    await settle();
    expect(chunkStarted).toBe(false);
    command.finish();
    await expect(answered).resolves.toBe('done');
    await expect(chunk).resolves.toBe('bytes');
    expect(chunkStarted).toBe(true);
    expect(share.commandsInFlight).toBe(0);
  });

  it('a command never waits for a chunk: it runs while one is in flight', async () => {
    const share = new AgentLinkShare(1_000_000, 10, manualClock());
    const chunk = held('bytes');
    const reading = share.bulk(0, chunk.job);
    await settle();
    await expect(share.urgent(async () => 'stop')).resolves.toBe('stop');
    chunk.finish();
    await expect(reading).resolves.toBe('bytes');
  });

  it('paces chunks to the byte rate: 512 KiB at 1 MiB/s keeps the turn for 500 ms', async () => {
    const clock = manualClock();
    const share = new AgentLinkShare(1024 * 1024, 10, clock);
    const order: string[] = [];
    const first = share.bulk(512 * 1024, async () => (order.push('first'), 1));
    const second = share.bulk(512 * 1024, async () => (order.push('second'), 2));
    await settle();
    expect(order).toEqual(['first']);
    expect(clock.sleeping()).toEqual([500]);
    clock.advance(499);
    await settle();
    expect(order).toEqual(['first']);
    clock.advance(1);
    await expect(first).resolves.toBe(1);
    await settle();
    expect(order).toEqual(['first', 'second']);
    clock.advance(500);
    await expect(second).resolves.toBe(2);
  });

  it('refuses gallery reads past its queue, and a failed command still lets chunks go', async () => {
    const share = new AgentLinkShare(1_000_000, 1, manualClock());
    const chunk = held(0);
    const reading = share.bulk(0, chunk.job);
    const queued = share.bulk(0, async () => 1);
    await expect(share.bulk(0, async () => 2)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(share.urgent(() => Promise.reject(new Error('timeout')))).rejects.toThrow('timeout');
    chunk.finish();
    await expect(reading).resolves.toBe(0);
    await expect(queued).resolves.toBe(1);
  });
});
