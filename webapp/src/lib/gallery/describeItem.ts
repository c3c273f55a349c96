import type { GalleryItem } from '@dronecast/protocol';
import { formatDuration } from '../capture/formatDuration.ts';
import { formatBytes } from './formatBytes.ts';

/** "Photo" or "Video 0:12": what a tile or a viewer title says an item is. */
export function itemTitle(item: GalleryItem): string {
  return item.kind === 'video' ? `Video ${formatDuration(item.durationMs ?? 0)}` : 'Photo';
}

/** When it was taken, in the phone's language and time zone, e.g. "12 Mar, 14:03:05". */
export function itemTime(item: GalleryItem, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone }).format(
    new Date(item.createdAt),
  );
}

const requesterNames: Record<GalleryItem['capturedBy']['role'], string> = {
  pilot: 'a pilot',
  console: 'the ground console',
  ground: 'the ground station',
  viewer: 'a viewer',
  processing: 'the pose worker',
};

/** The facts under a full-size item, one short line each, in plain words. */
export function itemFacts(item: GalleryItem): string[] {
  const facts = [`${item.width}×${item.height}${item.kind === 'video' && item.fps ? ` · ${Math.round(item.fps)} fps` : ''} · ${formatBytes(item.sizeBytes)}`];
  facts.push(`Taken by ${requesterNames[item.capturedBy.role]}`);
  const at = item.position;
  if (at) {
    const where = `${at.lat.toFixed(6)}, ${at.lon.toFixed(6)} · ${at.altRel.toFixed(1)} m up · heading ${Math.round(at.heading)}°`;
    facts.push(at.stale ? `${where} (last known: the drone link was down)` : where);
  }
  if (item.note) facts.push(item.note.charAt(0).toUpperCase() + item.note.slice(1));
  return facts;
}
