import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  describeIssues,
  galleryIdSchema,
  galleryItemSchema,
  ProtocolError,
  type GalleryChange,
  type GalleryChunk,
  type GalleryItem,
  type GalleryKind,
  type GalleryList,
  type GalleryReadRequest,
  type Logger,
} from '@dronecast/protocol';
import { writeFileAtomic } from './atomicWrite.ts';
import { downloadName } from './downloadName.ts';

/** What the store fills in itself when an item is added. */
export type NewGalleryItem = Omit<GalleryItem, 'sizeBytes' | 'fileName' | 'mimeType'>;

/** The item's bytes: in memory (a photo), or a finished file to move in (a recording, same file system). */
export type ItemFile = { bytes: Uint8Array } | { moveFrom: string };

export interface GalleryStoreEvents {
  changed: [GalleryChange];
}

const extensions: Record<GalleryKind, { ext: string; mimeType: GalleryItem['mimeType'] }> = {
  photo: { ext: '.jpg', mimeType: 'image/jpeg' },
  video: { ext: '.mp4', mimeType: 'video/mp4' },
};

const ownFile = /^([0-9a-z]{12,32})(\.jpg|\.mp4|\.thumb\.jpg|\.json)$/;

/**
 * The photos and recordings on the ground station: one directory, files named by id, and a JSON
 * record per item written last, so an item exists exactly when its record does. Everything the
 * outside asks for goes by id (validated), never by path.
 */
export class GalleryStore extends EventEmitter<GalleryStoreEvents> {
  private readonly items = new Map<string, GalleryItem>();
  /** In-progress recordings (partial files and their start records) live here until finalized. */
  readonly recordingDir: string;
  private readonly itemsDir: string;

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {
    super();
    this.itemsDir = path.join(dir, 'items');
    this.recordingDir = path.join(dir, 'recording');
  }

  /** Opens (creating) the store and indexes what is there, dropping what an interrupted write left. */
  static async open(dir: string, logger: Logger): Promise<GalleryStore> {
    const store = new GalleryStore(path.resolve(dir), logger);
    await fs.mkdir(store.itemsDir, { recursive: true });
    await fs.mkdir(store.recordingDir, { recursive: true });
    await store.index();
    return store;
  }

  get size(): number {
    return this.items.size;
  }

  get(id: string): GalleryItem | undefined {
    return this.items.get(id);
  }

  /** Newest first (ids start with the time). */
  list({ kind, limit, before }: { kind?: GalleryKind; limit: number; before?: string }): GalleryList {
    const matching = [...this.items.values()]
      .filter((item) => (kind === undefined || item.kind === kind) && (before === undefined || item.id < before))
      .sort((a, b) => (a.id < b.id ? 1 : -1));
    return { items: matching.slice(0, limit), more: matching.length > limit };
  }

  /** A path for a file being prepared for `add` (same directory, so moving it in is a rename). */
  stagingPath(id: string, ext: string): string {
    return path.join(this.itemsDir, `${checkedId(id)}${ext}.staging.tmp`);
  }

  async add(newItem: NewGalleryItem, file: ItemFile, thumbnail: Uint8Array): Promise<GalleryItem> {
    const id = checkedId(newItem.id);
    if (this.items.has(id)) throw new ProtocolError('INVALID_STATE', `gallery item ${id} already exists`);
    const { ext, mimeType } = extensions[newItem.kind];
    const target = this.filePath(id, newItem.kind);
    if ('bytes' in file) await writeFileAtomic(target, file.bytes);
    else await fs.rename(file.moveFrom, target);
    await writeFileAtomic(this.thumbnailPath(id), thumbnail);
    const { size } = await fs.stat(target);
    const item = galleryItemSchema.parse({ ...newItem, sizeBytes: size, mimeType, fileName: downloadName(newItem.createdAt, newItem.kind, id, ext) });
    // The record last: until it exists, the files above are leftovers the next start removes.
    await writeFileAtomic(this.recordPath(id), JSON.stringify(item, null, 1));
    this.items.set(id, item);
    this.emit('changed', { type: 'added', item });
    return item;
  }

  async delete(id: string): Promise<void> {
    const item = this.require(id);
    // The record first: once it is gone the item is gone, whatever happens to the rest.
    await fs.rm(this.recordPath(item.id), { force: true });
    this.items.delete(item.id);
    await Promise.all([fs.rm(this.filePath(item.id, item.kind), { force: true }), fs.rm(this.thumbnailPath(item.id), { force: true })]);
    this.logger.info(`deleted ${item.kind} ${item.id}`);
    this.emit('changed', { type: 'removed', id: item.id });
  }

  /** Up to `length` bytes from `offset` of the file or its thumbnail (none past the end), with the size. */
  async read({ id, variant, offset, length }: GalleryReadRequest): Promise<GalleryChunk> {
    const item = this.require(id);
    const thumbnail = variant === 'thumbnail';
    const file = thumbnail ? this.thumbnailPath(item.id) : this.filePath(item.id, item.kind);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch {
      throw new ProtocolError('NOT_FOUND', `the ${thumbnail ? 'thumbnail' : 'file'} of ${item.id} is gone (deleted meanwhile?)`);
    }
    try {
      const { size } = await handle.stat();
      const wanted = Math.max(0, Math.min(length, size - offset));
      const data = Buffer.alloc(wanted);
      let filled = 0;
      while (filled < wanted) {
        const { bytesRead } = await handle.read(data, filled, wanted - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return {
        size,
        mimeType: thumbnail ? 'image/jpeg' : item.mimeType,
        fileName: thumbnail ? item.fileName.replace(/\.\w+$/, '-thumbnail.jpg') : item.fileName,
        data: data.subarray(0, filled),
      };
    } finally {
      await handle.close();
    }
  }

  private require(id: string): GalleryItem {
    const item = this.items.get(checkedId(id));
    if (!item) throw new ProtocolError('NOT_FOUND', `no photo or recording with id ${id}`);
    return item;
  }

  private filePath(id: string, kind: GalleryKind): string {
    return path.join(this.itemsDir, `${id}${extensions[kind].ext}`);
  }

  private thumbnailPath(id: string): string {
    return path.join(this.itemsDir, `${id}.thumb.jpg`);
  }

  private recordPath(id: string): string {
    return path.join(this.itemsDir, `${id}.json`);
  }

  private async index(): Promise<void> {
    const names = await fs.readdir(this.itemsDir);
    const leftovers: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && ownFile.test(n))) {
      const id = name.slice(0, -'.json'.length);
      try {
        const parsed = galleryItemSchema.safeParse(JSON.parse(await fs.readFile(this.recordPath(id), 'utf8')));
        if (!parsed.success) throw new Error(`not a gallery record (${describeIssues(parsed.error)})`);
        const item = parsed.data;
        if (item.id !== id) throw new Error(`it names another id (${item.id})`);
        await fs.access(this.filePath(id, item.kind));
        this.items.set(id, item);
      } catch (error) {
        // Left in place for a person to look at: it may be the only trace of a capture.
        this.logger.warn(`gallery: ignoring ${name}: ${(error as Error).message}`);
      }
    }
    for (const name of names) {
      const match = ownFile.exec(name);
      const orphan = match && match[2] !== '.json' && !this.items.has(match[1] ?? '') && !names.includes(`${match[1]}.json`);
      if (name.endsWith('.tmp') || orphan) leftovers.push(name);
    }
    for (const name of leftovers) await fs.rm(path.join(this.itemsDir, name), { force: true });
    if (leftovers.length > 0) this.logger.info(`gallery: removed ${leftovers.length} files an interrupted capture left`);
    this.logger.info(`gallery: ${this.items.size} items in ${this.dir}`);
  }
}

/** Ids come from the network: anything that is not one (a path, "..") is refused before use. */
function checkedId(id: string): string {
  const parsed = galleryIdSchema.safeParse(id);
  if (!parsed.success) throw new ProtocolError('INVALID_PAYLOAD', `"${id.slice(0, 40)}" is not a gallery id (12-32 lowercase letters or digits)`);
  return parsed.data;
}
