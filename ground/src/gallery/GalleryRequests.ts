import { ProtocolError, type Logger } from '@dronecast/protocol';
import type { SfuLink } from '../sfu/SfuLink.ts';
import type { GalleryStore } from './GalleryStore.ts';

export interface GalleryRequestsOptions {
  sfu: SfuLink;
  store: GalleryStore;
  /** The id of the recording in progress, if any (it is not in the gallery yet). */
  recordingId: () => string | undefined;
  logger: Logger;
}

/**
 * The gallery as the SFU reaches it: listing, deleting, and reading bytes for its HTTP routes.
 * Who may do what is the SFU's call; every id is checked again here.
 */
export class GalleryRequests {
  constructor(private readonly options: GalleryRequestsOptions) {}

  start(): void {
    const { sfu, store, logger } = this.options;
    sfu.serve('gallery:list', async (request) => store.list(request));
    sfu.serve('gallery:delete', async ({ id, from }) => {
      if (this.options.recordingId() === id) throw new ProtocolError('INVALID_STATE', 'that recording is still running; stop it first');
      await store.delete(id);
      logger.info(`gallery item ${id} deleted by ${from.role} ${from.peerId.slice(0, 8)}`);
      return { id };
    });
    sfu.serve('gallery:read', (request) => store.read(request));
    store.on('changed', (change) => sfu.notify('gallery:changed', change));
  }
}
