import { galleryHttp, type GalleryId } from '@dronecast/protocol';

/**
 * Addresses of a gallery item's bytes on the SFU. An <img>, a <video> or a download link can't
 * send an Authorization header, so the page's access token goes in the query.
 */
export class GalleryLinks {
  readonly #origin: string;
  readonly #token: string | null;

  constructor(origin: string, token: string | null) {
    this.#origin = origin.replace(/\/+$/, '');
    this.#token = token;
  }

  thumbnail(id: GalleryId): string {
    return this.#url(galleryHttp.bytes(id, 'thumbnail'), {});
  }

  /** The file itself, for showing or playing; the server answers Range requests, so videos seek. */
  file(id: GalleryId): string {
    return this.#url(galleryHttp.bytes(id, 'file'), {});
  }

  /** The file as an attachment, saved under its gallery file name. */
  download(id: GalleryId): string {
    return this.#url(galleryHttp.bytes(id, 'file'), { download: '1' });
  }

  #url(path: string, query: Record<string, string>): string {
    const params = new URLSearchParams(query);
    if (this.#token !== null) params.set('token', this.#token);
    const search = params.toString();
    return `${this.#origin}${path}${search ? `?${search}` : ''}`;
  }
}
