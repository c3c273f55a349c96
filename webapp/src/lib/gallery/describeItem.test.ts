import { describe, expect, it } from 'vitest';
import { itemFacts, itemTime, itemTitle } from './describeItem.ts';
import { testItem } from './testItems.ts';

describe('describing a gallery item', () => {
  it('titles photos and videos, videos with their length', () => {
    expect(itemTitle(testItem(1))).toBe('Photo');
    expect(itemTitle({ ...testItem(1, 'video'), durationMs: 72_500 })).toBe('Video 1:12');
  });

  it('gives the capture time in the given language and zone', () => {
    expect(itemTime({ ...testItem(1), createdAt: Date.UTC(2025, 2, 12, 14, 3, 5) }, 'en-GB', 'UTC')).toBe('12 Mar, 14:03:05');
  });

  it('lists size, who took it, where, and why a recording ended', () => {
    const video = {
      ...testItem(3, 'video'),
      sizeBytes: 3_400_000,
      capturedBy: { role: 'console', peerId: 'c' } as const,
      position: { lat: 47.3977419, lon: 8.5455938, altRel: 12.34, altAbs: 500, heading: 90.4, stale: true },
      note: 'recording stopped: only 90 MB free',
    };
    expect(itemFacts(video)).toEqual([
      '640×480 · 30 fps · 3.4 MB',
      'Taken by the ground console',
      '47.397742, 8.545594 · 12.3 m up · heading 90° (last known: the drone link was down)',
      'Recording stopped: only 90 MB free',
    ]);
    expect(itemFacts(testItem(1))).toEqual(['640×480 · 1.0 kB', 'Taken by a pilot']);
  });
});
