import type { GalleryItem } from '@dronecast/protocol';

/** A gallery item for unit tests; `n` orders them (a higher n is newer). Not used by any page. */
export function testItem(n: number, kind: GalleryItem['kind'] = 'photo'): GalleryItem {
  return {
    id: `0000000${String(n).padStart(4, '0')}abcdefghi`,
    kind,
    createdAt: 1_700_000_000_000 + n * 1000,
    fileName: `dronecast-${n}.${kind === 'photo' ? 'jpg' : 'mp4'}`,
    mimeType: kind === 'photo' ? 'image/jpeg' : 'video/mp4',
    sizeBytes: 1000 * n,
    width: 640,
    height: 480,
    ...(kind === 'video' ? { durationMs: 5000, fps: 30, codec: 'h264' } : {}),
    capturedBy: { role: 'pilot', peerId: 'p1' },
    position: null,
  };
}
