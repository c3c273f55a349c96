import https from 'node:https';
import { galleryHttp, type GalleryItem } from '@dronecast/protocol';
import { Refusal } from './ActionTally.ts';
import type { DroneWatch } from './DroneWatch.ts';
import type { NodePhone } from './NodePhone.ts';

/** How many photos and recordings the soak keeps on the ground station; older ones are deleted, so the disk does not fill. */
export const galleryKeep = 6;

/** A recording runs at least this long before a pilot stops it, and is stopped once it passes the longest. */
export const recordingMs = { shortest: 5_000, longest: 25_000 };

export async function takePhoto(pilot: NodePhone): Promise<void> {
  const item = await pilot.request('capture:photo', {});
  if (item.kind !== 'photo' || item.sizeBytes === 0) throw new Error(`capture:photo answered ${JSON.stringify(item)}`);
}

/** Starts a recording, or stops the one running (anyone's) once it is long enough. */
export async function toggleRecording(pilot: NodePhone, watch: DroneWatch): Promise<void> {
  const state = watch.recording;
  if (!state) throw new Refusal('no recording state yet');
  if (state.unavailable) throw new Refusal(`recording unavailable: ${state.unavailable}`);
  if (!state.recording) {
    const started = await pilot.request('capture:startRecording', {});
    if (!started.recording) throw new Error(`capture:startRecording answered ${JSON.stringify(started)}`);
    return;
  }
  if (state.durationMs < recordingMs.shortest) throw new Refusal('recording too short to stop yet');
  const { item } = await pilot.request('capture:stopRecording', {});
  if (item.kind !== 'video' || item.sizeBytes === 0) throw new Error(`capture:stopRecording answered ${JSON.stringify(item)}`);
}

/** Deletes the oldest items beyond galleryKeep; resolves with how many it deleted. */
export async function pruneGallery(pilot: NodePhone): Promise<number> {
  const { items } = await pilot.request('gallery:list', { limit: 100 });
  // Newest first: everything past the first galleryKeep goes.
  const old = items.slice(galleryKeep);
  for (const item of old) await pilot.request('gallery:delete', { id: item.id });
  return old.length;
}

/**
 * What a phone opening the gallery does: lists it, loads the newest thumbnail and the first
 * 64 KiB of its file (a video element's first Range request), over the SFU's HTTPS.
 */
export async function viewGallery(phone: NodePhone, origin: string, token: string, ca: string): Promise<void> {
  const { items } = await phone.request('gallery:list', { limit: 5 });
  const newest: GalleryItem | undefined = items[0];
  if (!newest) throw new Refusal('the gallery is empty');
  const thumbnail = await get(`${origin}${galleryHttp.bytes(newest.id, 'thumbnail')}`, token, ca);
  // A deleted item's 404 is churn: another phone pruned it between the list and the read.
  if (thumbnail.status === 404) throw new Refusal(`${newest.id} was deleted meanwhile`);
  if (thumbnail.status !== 200 || thumbnail.bytes === 0) throw new Error(`thumbnail of ${newest.id}: HTTP ${thumbnail.status}, ${thumbnail.bytes} bytes`);
  const file = await get(`${origin}${galleryHttp.bytes(newest.id, 'file')}`, token, ca, { Range: 'bytes=0-65535' });
  if (file.status === 404) throw new Refusal(`${newest.id} was deleted meanwhile`);
  if (file.status !== 206 || file.bytes === 0) throw new Error(`first bytes of ${newest.id}: HTTP ${file.status}, ${file.bytes} bytes`);
}

function get(url: string, token: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, headers: { Authorization: `Bearer ${token}`, ...headers }, timeout: 20_000 }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer within 20 s`)));
    request.on('error', reject);
  });
}
