import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, type GalleryChange } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { newGalleryId } from './galleryId.ts';
import { GalleryStore, type NewGalleryItem } from './GalleryStore.ts';
import { thumbnailOfImage } from './thumbnails.ts';

const logger = createLogger('test');
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gallery-test-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function jpeg(width: number, height: number): Promise<Uint8Array> {
  return sharp({ create: { width, height, channels: 3, background: '#3080c0' } }).jpeg().toBuffer();
}

function photo(id: string, createdAt = Date.now()): NewGalleryItem {
  return { id, kind: 'photo', createdAt, width: 64, height: 48, capturedBy: { role: 'pilot', peerId: 'p1' }, position: null };
}

async function addPhoto(store: GalleryStore, id = newGalleryId()): Promise<string> {
  const bytes = await jpeg(64, 48);
  await store.add(photo(id), { bytes }, await thumbnailOfImage(bytes));
  return id;
}

async function refusal(promise: Promise<unknown>): Promise<ProtocolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ProtocolError)) throw new Error(`expected a ProtocolError, got ${String(error)}`);
  return error;
}

describe('GalleryStore', () => {
  it('keeps items across restarts, newest first, with paging and a filter by kind', async () => {
    const store = await GalleryStore.open(dir, logger);
    const ids = [newGalleryId(1_700_000_000_000), newGalleryId(1_700_000_001_000), newGalleryId(1_700_000_002_000)];
    for (const id of ids) await addPhoto(store, id);
    const reopened = await GalleryStore.open(dir, logger);
    const page = reopened.list({ limit: 2 });
    expect(page.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    expect(page.more).toBe(true);
    expect(reopened.list({ limit: 2, before: ids[1] }).items.map((i) => i.id)).toEqual([ids[0]]);
    expect(reopened.list({ limit: 10, kind: 'video' }).items).toEqual([]);
    const item = reopened.get(ids[0] ?? '');
    expect(item).toMatchObject({ mimeType: 'image/jpeg', sizeBytes: expect.any(Number) });
    expect(item?.fileName).toMatch(/^dronecast-\d{8}-\d{6}-photo-\w{4}\.jpg$/);
  });

  it('reads byte ranges of the file and the thumbnail, never past the end', async () => {
    const store = await GalleryStore.open(dir, logger);
    const id = await addPhoto(store);
    const file = await fs.readFile(path.join(dir, 'items', `${id}.jpg`));
    const middle = await store.read({ id, variant: 'file', offset: 10, length: 20 });
    expect(Buffer.from(middle.data)).toEqual(file.subarray(10, 30));
    expect(middle.size).toBe(file.length);
    const tail = await store.read({ id, variant: 'file', offset: file.length - 5, length: 100 });
    expect(tail.data.length).toBe(5);
    expect((await store.read({ id, variant: 'file', offset: file.length + 10, length: 100 })).data.length).toBe(0);
    const thumbnail = await store.read({ id, variant: 'thumbnail', offset: 0, length: 512 * 1024 });
    expect((await sharp(thumbnail.data).metadata()).format).toBe('jpeg');
    expect(thumbnail.fileName).toMatch(/-thumbnail\.jpg$/);
  });

  it('refuses paths and unknown ids with a reason', async () => {
    const store = await GalleryStore.open(dir, logger);
    await addPhoto(store);
    for (const id of ['../../etc/passwd', '..', 'items/x.jpg', 'ABCDEFGHIJKLMNOP', '/etc/passwd', `${newGalleryId()}/../x`]) {
      const error = await refusal(store.read({ id, variant: 'file', offset: 0, length: 10 }));
      expect(error.code).toBe('INVALID_PAYLOAD');
      expect(error.message).toMatch(/not a gallery id/);
    }
    const unknown = await refusal(store.read({ id: newGalleryId(), variant: 'file', offset: 0, length: 10 }));
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', expect.stringMatching(/no photo or recording with id/)]);
    expect((await refusal(store.delete('../items'))).code).toBe('INVALID_PAYLOAD');
  });

  it('deletes an item and its files, and says so', async () => {
    const store = await GalleryStore.open(dir, logger);
    const changes: GalleryChange[] = [];
    store.on('changed', (change) => changes.push(change));
    const id = await addPhoto(store);
    await store.delete(id);
    expect(changes.map((c) => c.type)).toEqual(['added', 'removed']);
    expect(await fs.readdir(path.join(dir, 'items'))).toEqual([]);
    expect((await refusal(store.delete(id))).code).toBe('NOT_FOUND');
  });

  it('at start, removes what an interrupted capture left and keeps records it cannot read', async () => {
    const store = await GalleryStore.open(dir, logger);
    const kept = await addPhoto(store);
    const items = path.join(dir, 'items');
    const orphan = newGalleryId();
    await fs.writeFile(path.join(items, `${orphan}.jpg`), 'no record was written for this');
    await fs.writeFile(path.join(items, `${kept}.json.123.abc.tmp`), '{"half": ');
    const broken = newGalleryId();
    await fs.writeFile(path.join(items, `${broken}.json`), '{"not": "an item"}');
    await fs.writeFile(path.join(items, `${broken}.jpg`), 'x');
    const reopened = await GalleryStore.open(dir, logger);
    expect(reopened.list({ limit: 10 }).items.map((i) => i.id)).toEqual([kept]);
    const left = await fs.readdir(items);
    expect(left).not.toContain(`${orphan}.jpg`);
    expect(left.some((name) => name.endsWith('.tmp'))).toBe(false);
    expect(left).toContain(`${broken}.json`);
  });
});
