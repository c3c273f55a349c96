import { performance } from 'node:perf_hooks';
import wrtc from '@roamhq/wrtc';
import sharp from 'sharp';
import { ProtocolError, type CapturePosition, type CaptureRequester, type GalleryItem, type Logger } from '@dronecast/protocol';
import { newGalleryId } from '../gallery/galleryId.ts';
import type { GalleryStore } from '../gallery/GalleryStore.ts';
import { thumbnailOfImage } from '../gallery/thumbnails.ts';
import type { VideoFrame } from '../video/VideoFrame.ts';
import type { DiskSpace } from './DiskSpace.ts';
import type { FrameFeed } from './FrameFeed.ts';
import { LatestFrame } from './LatestFrame.ts';
import { photoExif } from './photoExif.ts';
import type { PictureSource } from './PictureSource.ts';

export type PhotoTakerOptions = PhotoTakerCommonOptions &
  (
    | {
        /** A raw feed: the photo is its latest frame. */
        feed: FrameFeed;
        /** A frame older than this means the camera is not delivering; default 2 s. */
        maxFrameAgeMs?: number;
      }
    | {
        /** Pictures made on request, e.g. decoded from a passthrough camera's current GOP. */
        pictures: PictureSource;
      }
  );

export interface PhotoTakerCommonOptions {
  store: GalleryStore;
  disk: DiskSpace;
  position: () => CapturePosition | null;
  logger: Logger;
  /** JPEG quality of photos (not the stream's); default 92. */
  quality?: number;
}

/**
 * Photos: the latest picture at its full resolution (not the stream's compressed copy) as a
 * high-quality JPEG with EXIF (time, GPS position, altitude, heading), a thumbnail, and metadata
 * in the gallery. Requests at the same moment each get their own file.
 */
export class PhotoTaker {
  private readonly pictures: PictureSource;

  constructor(private readonly options: PhotoTakerOptions) {
    this.pictures = 'pictures' in options ? options.pictures : new LatestFrame(options.feed, { maxAgeMs: options.maxFrameAgeMs });
  }

  close(): void {
    this.pictures.close();
  }

  async take(by: CaptureRequester): Promise<GalleryItem> {
    const { store, disk, logger } = this.options;
    const started = performance.now();
    // Both at once: the picture is of the moment of the request, whatever the disk check takes.
    const [picture, space] = await Promise.allSettled([this.pictures.latest(), disk.check()]);
    if (picture.status === 'rejected') throw new ProtocolError('UNAVAILABLE', `no picture to take: ${(picture.reason as Error).message}`);
    if (space.status === 'rejected') throw space.reason;
    if (!space.value.ok) throw new ProtocolError('INVALID_STATE', `cannot take a photo: ${space.value.message}`);
    const frame = picture.value;
    const position = this.options.position();
    const jpeg = await this.encode(frame, photoExif(frame.captureTimeMs, position, this.pictures.description));
    const item = await store.add(
      { id: newGalleryId(), kind: 'photo', createdAt: frame.captureTimeMs, width: frame.width, height: frame.height, capturedBy: by, position },
      { bytes: jpeg },
      await thumbnailOfImage(jpeg),
    );
    logger.info(`photo ${item.id} by ${by.role}: ${frame.width}x${frame.height}, ${jpeg.length} bytes in ${Math.round(performance.now() - started)} ms`);
    return item;
  }

  private async encode(frame: VideoFrame, exif: ReturnType<typeof photoExif>): Promise<Uint8Array> {
    const { width, height } = frame;
    const rgba = new Uint8ClampedArray(width * height * 4);
    wrtc.nonstandard.i420ToRgba({ width, height, data: frame.data }, { width, height, data: rgba as unknown as Uint8Array });
    const jpeg = await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } })
      .removeAlpha()
      .jpeg({ quality: this.options.quality ?? 92, chromaSubsampling: '4:2:0' })
      .withExif(exif)
      .toBuffer();
    return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  }
}
