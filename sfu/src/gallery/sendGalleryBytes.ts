import { once } from 'node:events';
import type { Response } from 'express';
import { galleryChunkBytes, type GalleryChunk } from '@dronecast/protocol';

/**
 * Streams bytes start..end (inclusive) of a gallery file to an HTTP response, fetched from the
 * ground agent a chunk at a time: the next chunk is asked for while this one is written, and
 * writing waits for a slow client. Stops as soon as the client goes away (a <video> seeking
 * abandons requests all the time). Rejects if the agent fails mid-way; the caller destroys the response.
 */
export async function sendGalleryBytes(res: Response, read: (offset: number, length: number) => Promise<GalleryChunk>, start: number, end: number): Promise<void> {
  const fetch = (offset: number): Promise<GalleryChunk> => {
    const pending = read(offset, Math.min(galleryChunkBytes, end + 1 - offset));
    // Awaited below, unless the client leaves first: then its failure does not matter.
    pending.catch(() => undefined);
    return pending;
  };
  let offset = start;
  let next = fetch(offset);
  while (offset <= end) {
    const chunk = await next;
    if (res.destroyed) return;
    const expected = Math.min(galleryChunkBytes, end + 1 - offset);
    if (chunk.data.length !== expected) throw new Error(`the ground station sent ${chunk.data.length} bytes at ${offset}, not ${expected} (the file changed?)`);
    offset += chunk.data.length;
    if (offset <= end) next = fetch(offset);
    if (!res.write(chunk.data)) {
      await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (res.destroyed || res.writableEnded) return;
    }
  }
  res.end();
}
