import type { GalleryChange, GalleryId, GalleryItem } from '@dronecast/protocol';
import { refusalReason } from '../capture/refusalReason.ts';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';
import { mergeItems, nextPageCursor, withAdded, withoutItem } from './galleryList.ts';
import type { GalleryLinks } from './galleryLinks.ts';

export interface GalleryListState {
  /** Newest first. */
  items: readonly GalleryItem[];
  /** The ground station has older items than the last one shown. */
  more: boolean;
  /** 'first' while the first page (re)loads, 'more' while older items load. */
  loading: 'first' | 'more' | null;
  /** The list has been loaded at least once: an empty list means an empty gallery. */
  loaded: boolean;
  /** Why the list could not be loaded, in plain words. */
  error: string | null;
}

export interface GalleryDeleteStatus {
  /** The item being deleted. */
  pendingId: GalleryId | null;
  /** Why the last delete was refused, e.g. a viewer's FORBIDDEN. */
  error: string | null;
}

export interface GalleryViewState {
  /** The item shown full-size, or null. */
  item: GalleryItem | null;
  /** Why the viewer closed by itself (someone deleted what was shown). */
  notice: string | null;
}

export interface GalleryModelOptions {
  pageSize?: number;
}

/**
 * The ground station's photos and recordings as this page shows them: loaded a page at a time
 * (newest first), kept current by the server's `gallery:changed`, reloaded after a reconnect
 * (changes may have been missed meanwhile), with the item open full-size and deletes.
 */
export class GalleryModel {
  readonly links: GalleryLinks;
  readonly #signaling: Signaling;
  readonly #pageSize: number;
  readonly #list = new ObservableValue<GalleryListState>({ items: [], more: false, loading: null, loaded: false, error: null });
  readonly #delete = new ObservableValue<GalleryDeleteStatus>({ pendingId: null, error: null });
  readonly #view = new ObservableValue<GalleryViewState>({ item: null, notice: null });
  readonly #unsubscribe: (() => void)[];
  /** Ids removed while this page lives: a page answered after a removal must not bring them back. */
  readonly #removed = new Set<GalleryId>();
  /** Bumped by every reload, so the answer to an older request is dropped. */
  #generation = 0;
  /** Items announced while the first page loads, to keep when it arrives. */
  #addedDuringLoad: GalleryItem[] = [];
  #welcomed = false;
  /** Whether the ground station (where the gallery lives) is connected to the SFU; null until told. */
  #agentOnline: boolean | null = null;
  /** What failed last, for `retry`. */
  #failed: 'first' | 'more' | null = null;

  constructor(signaling: Signaling, links: GalleryLinks, options: GalleryModelOptions = {}) {
    this.#signaling = signaling;
    this.links = links;
    this.#pageSize = options.pageSize ?? 24;
    this.#unsubscribe = [
      signaling.on('gallery:changed', (change) => this.#applyChange(change)),
      signaling.on('drone:agent', ({ online }) => this.#agentChanged(online)),
      signaling.status.subscribe((status) => {
        const welcomed = status.welcome !== null;
        if (welcomed && !this.#welcomed) void this.reload();
        if (!welcomed) this.#agentOnline = null;
        this.#welcomed = welcomed;
      }),
    ];
  }

  get list(): Observable<GalleryListState> {
    return this.#list;
  }

  get deletion(): Observable<GalleryDeleteStatus> {
    return this.#delete;
  }

  get view(): Observable<GalleryViewState> {
    return this.#view;
  }

  /** Loads the newest page again, replacing what is shown. */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.#addedDuringLoad = [];
    this.#failed = null;
    this.#patchList({ loading: 'first', error: null });
    try {
      const page = await this.#signaling.request('gallery:list', { limit: this.#pageSize }, 15_000);
      if (generation !== this.#generation) return;
      const items = this.#live(mergeItems(page.items, this.#addedDuringLoad));
      this.#patchList({ items, more: page.more, loading: null, loaded: true, error: null });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#failed = 'first';
      this.#patchList({ loading: null, error: `Gallery not loaded: ${refusalReason(error)}` });
    }
  }

  /** Loads the next older page, if there is one. */
  async loadMore(): Promise<void> {
    const state = this.#list.value;
    const before = nextPageCursor(state.items);
    if (state.loading || !state.more || !before) return;
    const generation = this.#generation;
    this.#failed = null;
    this.#patchList({ loading: 'more', error: null });
    try {
      const page = await this.#signaling.request('gallery:list', { limit: this.#pageSize, before }, 15_000);
      if (generation !== this.#generation) return;
      this.#patchList({ items: this.#live(mergeItems(this.#list.value.items, page.items)), more: page.more, loading: null });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#failed = 'more';
      this.#patchList({ loading: null, error: `Older items not loaded: ${refusalReason(error)}` });
    }
  }

  /** Tries again whatever failed last: the first page, or the older items. */
  retry(): Promise<void> {
    return this.#failed === 'more' ? this.loadMore() : this.reload();
  }

  /** Shows an item full-size. */
  open(item: GalleryItem): void {
    this.#delete.set({ pendingId: null, error: null });
    this.#view.set({ item, notice: null });
  }

  closeView(): void {
    this.#delete.set({ pendingId: null, error: null });
    this.#view.set({ item: null, notice: null });
  }

  /** Deletes an item for everyone; resolves false when refused (the reason is in `deletion`). */
  async delete(id: GalleryId): Promise<boolean> {
    if (this.#delete.value.pendingId) return false;
    this.#delete.set({ pendingId: id, error: null });
    try {
      await this.#signaling.request('gallery:delete', { id }, 15_000);
      this.#delete.set({ pendingId: null, error: null });
      // The announcement follows; not waiting for it makes the item go at once.
      this.#removeItem(id, true);
      return true;
    } catch (error) {
      this.#delete.set({ pendingId: null, error: `Not deleted: ${refusalReason(error)}` });
      return false;
    }
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  /**
   * The gallery is on the ground station: when it comes (back) online, what it holds may have
   * changed unannounced, and a list that failed while it was away can now load.
   */
  #agentChanged(online: boolean): void {
    const wasOffline = this.#agentOnline === false;
    this.#agentOnline = online;
    if (!online) return;
    const { loading, error } = this.#list.value;
    if (wasOffline || (error !== null && loading === null)) void this.reload();
  }

  #applyChange(change: GalleryChange): void {
    if (change.type === 'removed') {
      this.#removeItem(change.id, false);
      return;
    }
    if (this.#removed.has(change.item.id)) return;
    if (this.#list.value.loading === 'first') this.#addedDuringLoad.push(change.item);
    const { items, more } = this.#list.value;
    this.#patchList({ items: withAdded(items, more, change.item) });
  }

  #removeItem(id: GalleryId, byUs: boolean): void {
    this.#removed.add(id);
    this.#patchList({ items: withoutItem(this.#list.value.items, id) });
    if (this.#view.value.item?.id !== id) return;
    const kind = this.#view.value.item.kind === 'video' ? 'recording' : 'photo';
    this.#view.set({ item: null, notice: byUs ? null : `The ${kind} you were viewing was deleted.` });
  }

  #live(items: GalleryItem[]): GalleryItem[] {
    return items.filter((item) => !this.#removed.has(item.id));
  }

  #patchList(change: Partial<GalleryListState>): void {
    this.#list.set({ ...this.#list.value, ...change });
  }
}
