import { describe, expect, it } from 'vitest';
import { PersistentSessions } from './PersistentSessions.ts';

/** Timers run by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (callback: () => void) => {
      pending.set(++next, callback);
      return next;
    },
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    runAll: () => {
      for (const [id, callback] of [...pending]) {
        pending.delete(id);
        callback();
      }
    },
    get count() {
      return pending.size;
    },
  };
}

describe('PersistentSessions', () => {
  it('admits up to its cap, and the same client again', () => {
    const sessions = new PersistentSessions(2, 60_000, () => undefined, manualTimers());
    expect(sessions.admit('a')).toBe(true);
    expect(sessions.admit('b')).toBe(true);
    expect(sessions.admit('c')).toBe(false);
    expect(sessions.admit('a')).toBe(true);
  });

  it('forgets a session that stayed away past its expiry, which frees its place', () => {
    const timers = manualTimers();
    const forgotten: string[] = [];
    const sessions = new PersistentSessions(1, 60_000, (id) => forgotten.push(id), timers);
    sessions.admit('a');
    sessions.left('a');
    expect(sessions.admit('b')).toBe(false);
    timers.runAll();
    expect(forgotten).toEqual(['a']);
    expect(sessions.admit('b')).toBe(true);
  });

  it('keeps a session whose client came back in time', () => {
    const timers = manualTimers();
    const forgotten: string[] = [];
    const sessions = new PersistentSessions(1, 60_000, (id) => forgotten.push(id), timers);
    sessions.admit('a');
    sessions.left('a');
    sessions.admit('a');
    expect(timers.count).toBe(0);
    timers.runAll();
    expect(forgotten).toEqual([]);
    sessions.dropped('a');
    expect(sessions.size).toBe(0);
  });
});
