import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onPageWake, type WakeSources } from './pageWake.ts';

class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
}

let win: EventTarget;
let doc: FakeDocument;
let reasons: string[];
let stop: () => void;
let clock: number;

beforeEach(() => {
  vi.useFakeTimers();
  win = new EventTarget();
  doc = new FakeDocument();
  reasons = [];
  clock = 0;
  const sources: WakeSources = { window: win, document: doc };
  stop = onPageWake((reason) => reasons.push(reason), sources, { tickMs: 1_000, gapMs: 5_000, now: () => clock });
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('onPageWake', () => {
  it('wakes when the page becomes visible, not when it is hidden', () => {
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(reasons).toEqual([]);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(reasons).toEqual(['visible']);
  });

  it('wakes on pageshow, resume after a freeze, and the network coming back', () => {
    win.dispatchEvent(new Event('pageshow'));
    doc.dispatchEvent(new Event('resume'));
    win.dispatchEvent(new Event('online'));
    expect(reasons).toEqual(['pageshow', 'resume', 'online']);
  });

  it('wakes when its timer finds the page was not running, not while ticks come on time', () => {
    for (let i = 0; i < 5; i++) {
      clock += 1_000;
      vi.advanceTimersByTime(1_000);
    }
    expect(reasons).toEqual([]);
    clock += 20_000; // the phone slept: the next tick runs 20 s late
    vi.advanceTimersByTime(1_000);
    expect(reasons).toEqual(['timer gap']);
  });

  it('stops listening when stopped', () => {
    stop();
    win.dispatchEvent(new Event('online'));
    clock += 60_000;
    vi.advanceTimersByTime(5_000);
    expect(reasons).toEqual([]);
  });
});
