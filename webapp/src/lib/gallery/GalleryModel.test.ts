import { beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, type GalleryList, type RequestPayload } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import { GalleryLinks } from './galleryLinks.ts';
import { GalleryModel } from './GalleryModel.ts';
import { testItem } from './testItems.ts';

/** The ground station's gallery: items 1..n, listed as the agent does (newest first, paged by id). */
function serve(signaling: ScriptedSignaling, stored: ReturnType<typeof testItem>[]): void {
  signaling.answer('gallery:list', (request: RequestPayload<'gallery:list'>): GalleryList => {
    const older = stored.filter((i) => request.before === undefined || i.id < request.before).sort((a, b) => (a.id < b.id ? 1 : -1));
    const limit = request.limit ?? 100;
    return { items: older.slice(0, limit), more: older.length > limit };
  });
}

const ids = (model: GalleryModel): string[] => model.list.value.items.map((i) => i.id);
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

let signaling: ScriptedSignaling;
let model: GalleryModel;

beforeEach(() => {
  signaling = new ScriptedSignaling();
  signaling.setConnected(false);
});

function start(stored: ReturnType<typeof testItem>[], pageSize = 3): GalleryModel {
  serve(signaling, stored);
  model = new GalleryModel(signaling, new GalleryLinks('https://h', 't'), { pageSize });
  signaling.setConnected(true);
  return model;
}

describe('GalleryModel', () => {
  it('loads the newest page once connected, and says when the gallery is empty', async () => {
    start([]);
    await settle();
    expect(model.list.value).toEqual({ items: [], more: false, loading: null, loaded: true, error: null });
    expect(signaling.sent).toEqual([{ event: 'gallery:list', payload: { limit: 3 }, timeoutMs: 15_000 }]);
  });

  it('loads older pages with "before" until there are no more', async () => {
    start([1, 2, 3, 4, 5, 6, 7].map((n) => testItem(n)));
    await settle();
    expect(ids(model)).toEqual([7, 6, 5].map((n) => testItem(n).id));
    expect(model.list.value.more).toBe(true);
    await model.loadMore();
    expect(signaling.sent.at(-1)?.payload).toEqual({ limit: 3, before: testItem(5).id });
    await model.loadMore();
    expect(ids(model)).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => testItem(n).id));
    expect(model.list.value.more).toBe(false);
    const asked = signaling.sent.length;
    await model.loadMore();
    expect(signaling.sent).toHaveLength(asked);
  });

  it('retries older items, not the first page, when loading more failed', async () => {
    const stored = [1, 2, 3, 4].map((n) => testItem(n));
    start(stored);
    await settle();
    signaling.answer('gallery:list', () => {
      throw new ProtocolError('UNAVAILABLE', 'gallery:list: no answer from the server within 15000 ms');
    });
    await model.loadMore();
    expect(model.list.value.error).toBe('Older items not loaded: gallery:list: no answer from the server within 15000 ms');
    serve(signaling, stored);
    await model.retry();
    expect(signaling.sent.at(-1)?.payload).toEqual({ limit: 3, before: testItem(2).id });
    expect(ids(model)).toEqual([4, 3, 2, 1].map((n) => testItem(n).id));
  });

  it('follows gallery:changed: new items at the top, removed ones gone', async () => {
    start([testItem(1), testItem(2)]);
    await settle();
    signaling.emit('gallery:changed', { type: 'added', item: testItem(3, 'video') });
    signaling.emit('gallery:changed', { type: 'added', item: testItem(3, 'video') });
    expect(ids(model)).toEqual([3, 2, 1].map((n) => testItem(n).id));
    signaling.emit('gallery:changed', { type: 'removed', id: testItem(2).id });
    expect(ids(model)).toEqual([3, 1].map((n) => testItem(n).id));
  });

  it('keeps what was announced while a page loaded, and does not bring back what was removed meanwhile', async () => {
    let answer: (list: GalleryList) => void = () => undefined;
    signaling.answer('gallery:list', () => new Promise((resolve) => (answer = resolve)));
    model = new GalleryModel(signaling, new GalleryLinks('https://h', 't'));
    signaling.setConnected(true);
    expect(model.list.value.loading).toBe('first');
    signaling.emit('gallery:changed', { type: 'added', item: testItem(9) });
    signaling.emit('gallery:changed', { type: 'removed', id: testItem(2).id });
    answer({ items: [testItem(2), testItem(1)], more: false });
    await settle();
    expect(ids(model)).toEqual([9, 1].map((n) => testItem(n).id));
  });

  it('reloads after a reconnect (changes may have been missed)', async () => {
    const stored = [testItem(1)];
    start(stored);
    await settle();
    signaling.setConnected(false);
    stored.push(testItem(2));
    signaling.setConnected(true);
    await settle();
    expect(ids(model)).toEqual([2, 1].map((n) => testItem(n).id));
    expect(signaling.sent.filter((s) => s.event === 'gallery:list')).toHaveLength(2);
  });

  it('reloads when the ground station comes back, and when it arrives after a failed load', async () => {
    const stored = [testItem(1)];
    start(stored);
    await settle();
    signaling.emit('drone:agent', { online: true });
    await settle();
    expect(signaling.sent).toHaveLength(1);
    signaling.emit('drone:agent', { online: false });
    stored.push(testItem(2));
    signaling.emit('drone:agent', { online: true });
    await settle();
    expect(signaling.sent).toHaveLength(2);
    expect(ids(model)).toEqual([2, 1].map((n) => testItem(n).id));

    signaling.answer('gallery:list', () => {
      throw new ProtocolError('UNAVAILABLE', 'the ground station is not connected to the server');
    });
    await model.reload();
    serve(signaling, stored);
    signaling.emit('drone:agent', { online: true });
    await settle();
    expect(model.list.value).toMatchObject({ error: null, loaded: true });
  });

  it('drops the answer to a reload that a later reload overtook', async () => {
    const answers: ((list: GalleryList) => void)[] = [];
    signaling.answer('gallery:list', () => new Promise((resolve) => answers.push(resolve)));
    model = new GalleryModel(signaling, new GalleryLinks('https://h', 't'));
    signaling.setConnected(true);
    const second = model.reload();
    answers[1]?.({ items: [testItem(2), testItem(1)], more: false });
    await second;
    answers[0]?.({ items: [testItem(1)], more: false });
    await settle();
    expect(ids(model)).toEqual([2, 1].map((n) => testItem(n).id));
  });

  it('says why the list could not be loaded', async () => {
    signaling.answer('gallery:list', () => {
      throw new ProtocolError('UNAVAILABLE', 'the ground station is not connected to the server');
    });
    model = new GalleryModel(signaling, new GalleryLinks('https://h', 't'));
    signaling.setConnected(true);
    await settle();
    expect(model.list.value).toMatchObject({ loaded: false, loading: null, error: 'Gallery not loaded: the ground station is not connected to the server' });
    serve(signaling, [testItem(1)]);
    await model.retry();
    expect(model.list.value).toMatchObject({ loaded: true, error: null, items: [testItem(1)] });
  });

  it('deletes: the item goes at once and its viewer closes quietly', async () => {
    start([testItem(1), testItem(2)]);
    await settle();
    signaling.answer('gallery:delete', ({ id }) => ({ id }));
    model.open(testItem(2));
    const deleting = model.delete(testItem(2).id);
    expect(model.deletion.value.pendingId).toBe(testItem(2).id);
    await expect(deleting).resolves.toBe(true);
    expect(ids(model)).toEqual([testItem(1).id]);
    expect(model.view.value).toEqual({ item: null, notice: null });
    signaling.emit('gallery:changed', { type: 'removed', id: testItem(2).id });
    expect(ids(model)).toEqual([testItem(1).id]);
  });

  it("shows the server's reason when a delete is refused, and keeps the item", async () => {
    start([testItem(1)]);
    await settle();
    signaling.answer('gallery:delete', () => {
      throw new ProtocolError('FORBIDDEN', 'a viewer cannot delete (pilots and the console can)');
    });
    model.open(testItem(1));
    await expect(model.delete(testItem(1).id)).resolves.toBe(false);
    expect(model.deletion.value).toEqual({ pendingId: null, error: 'Not deleted: a viewer cannot delete (pilots and the console can)' });
    expect(model.view.value.item?.id).toBe(testItem(1).id);
    model.closeView();
    expect(model.deletion.value.error).toBeNull();
  });

  it('closes the viewer with a notice when someone else deletes what it shows', async () => {
    start([testItem(1, 'video')]);
    await settle();
    model.open(testItem(1, 'video'));
    signaling.emit('gallery:changed', { type: 'removed', id: testItem(1).id });
    expect(model.view.value).toEqual({ item: null, notice: 'The recording you were viewing was deleted.' });
  });

  it('stops listening when closed', async () => {
    start([]);
    await settle();
    model.close();
    expect(signaling.listenerCount('gallery:changed')).toBe(0);
  });
});
