import type { GalleryId, GalleryItem } from '@dronecast/protocol';

/**
 * The gallery as a page holds it: newest first, by id, as the server pages it (ids start with
 * the capture time, so the id order is the age order and `before` paging follows it).
 */
export function newestFirst(a: GalleryItem, b: GalleryItem): number {
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Both lists as one, each id once (the incoming copy wins), newest first. */
export function mergeItems(current: readonly GalleryItem[], incoming: readonly GalleryItem[]): GalleryItem[] {
  const byId = new Map<GalleryId, GalleryItem>();
  for (const item of current) byId.set(item.id, item);
  for (const item of incoming) byId.set(item.id, item);
  return [...byId.values()].sort(newestFirst);
}

/**
 * The list with a newly announced item. When older pages are still unloaded, an item older than
 * the oldest shown belongs to them and will come with "load more"; showing it now would leave a gap.
 */
export function withAdded(items: readonly GalleryItem[], more: boolean, item: GalleryItem): GalleryItem[] {
  const oldest = items.at(-1);
  if (more && oldest && item.id < oldest.id) return [...items];
  return mergeItems(items, [item]);
}

export function withoutItem(items: readonly GalleryItem[], id: GalleryId): GalleryItem[] {
  return items.filter((item) => item.id !== id);
}

/** Where the next page starts: items older than the oldest one shown. */
export function nextPageCursor(items: readonly GalleryItem[]): GalleryId | undefined {
  return items.at(-1)?.id;
}
