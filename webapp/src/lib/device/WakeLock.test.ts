import { describe, expect, it } from 'vitest';
import { WakeLock } from './WakeLock.ts';

class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';
  hide(): void {
    this.visibilityState = 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
  show(): void {
    this.visibilityState = 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** Stands in for navigator.wakeLock: counts locks, and releases them when the page hides, as browsers do. */
function fakeApi(doc: FakeDocument) {
  const live = new Set<{ release(): Promise<void> }>();
  let requests = 0;
  const api = {
    request: async () => {
      requests += 1;
      const listeners: (() => void)[] = [];
      const sentinel = {
        release: async () => {
          if (live.delete(sentinel)) listeners.forEach((l) => l());
        },
        addEventListener: (_: 'release', listener: () => void) => listeners.push(listener),
      };
      live.add(sentinel);
      doc.addEventListener('visibilitychange', () => {
        if (doc.visibilityState === 'hidden') void sentinel.release();
      });
      return sentinel;
    },
  };
  return { api, live, requests: () => requests };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('keeping the screen on while flying', () => {
  it('holds the screen while wanted, and lets go when not', async () => {
    const doc = new FakeDocument();
    const fake = fakeApi(doc);
    const lock = new WakeLock(fake.api, doc as unknown as Document);
    lock.want(true);
    await settle();
    expect(fake.live.size).toBe(1);
    lock.want(false);
    await settle();
    expect(fake.live.size).toBe(0);
  });

  it('takes the lock again when the page comes back after the browser dropped it', async () => {
    const doc = new FakeDocument();
    const fake = fakeApi(doc);
    const lock = new WakeLock(fake.api, doc as unknown as Document);
    lock.want(true);
    await settle();
    doc.hide();
    await settle();
    expect(lock.held).toBe(false);
    doc.show();
    await settle();
    expect(lock.held).toBe(true);
    expect(fake.requests()).toBe(2);
  });

  it('does nothing where the browser has no wake lock', () => {
    const doc = new FakeDocument();
    const lock = new WakeLock(null, doc as unknown as Document);
    lock.want(true);
    expect(lock.supported).toBe(false);
    expect(lock.held).toBe(false);
  });
});
