import { describe, expect, it } from 'vitest';
import { mergeItems, nextPageCursor, withAdded, withoutItem } from './galleryList.ts';
import { testItem } from './testItems.ts';

const ids = (items: { id: string }[]): string[] => items.map((i) => i.id);

describe('the gallery list', () => {
  it('merges pages newest first, each item once, the newer copy winning', () => {
    const renamed = { ...testItem(2), fileName: 'renamed.jpg' };
    const merged = mergeItems([testItem(5), testItem(2)], [testItem(3), renamed, testItem(1)]);
    expect(ids(merged)).toEqual(ids([testItem(5), testItem(3), testItem(2), testItem(1)]));
    expect(merged[2]?.fileName).toBe('renamed.jpg');
  });

  it('puts an announced item in its place, and not twice', () => {
    const items = [testItem(5), testItem(3)];
    expect(ids(withAdded(items, false, testItem(9)))).toEqual(ids([testItem(9), testItem(5), testItem(3)]));
    expect(ids(withAdded(items, false, testItem(4)))).toEqual(ids([testItem(5), testItem(4), testItem(3)]));
    expect(withAdded(items, false, testItem(5))).toHaveLength(2);
  });

  it('leaves an announced item older than everything shown to "load more" when older pages are unloaded', () => {
    const items = [testItem(5), testItem(3)];
    expect(ids(withAdded(items, true, testItem(1)))).toEqual(ids(items));
    expect(ids(withAdded(items, false, testItem(1)))).toEqual(ids([...items, testItem(1)]));
    expect(ids(withAdded([], true, testItem(1)))).toEqual(ids([testItem(1)]));
  });

  it('removes by id and pages on from the oldest shown', () => {
    expect(ids(withoutItem([testItem(5), testItem(3)], testItem(5).id))).toEqual(ids([testItem(3)]));
    expect(withoutItem([testItem(3)], testItem(7).id)).toHaveLength(1);
    expect(nextPageCursor([testItem(5), testItem(3)])).toBe(testItem(3).id);
    expect(nextPageCursor([])).toBeUndefined();
  });
});
