import type { GalleryKind } from '@dronecast/protocol';

/** "dronecast-20250102-030405-photo-ab12.jpg": readable in a downloads folder, unique enough, safe in any header. */
export function downloadName(createdAtMs: number, kind: GalleryKind, id: string, ext: string): string {
  const stamp = new Date(createdAtMs).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `dronecast-${stamp}-${kind}-${id.slice(-4)}${ext}`;
}
