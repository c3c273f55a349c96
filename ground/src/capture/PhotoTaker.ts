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
import { photoExif } from './photoExif.ts';

export interface PhotoTakerOptions {
  feed: FrameFeed;
  store: GalleryStore;
  disk: DiskSpace;
  position: () => CapturePosition | null;
  logger: Logger;
  /** JPEG quality of photos (not the stream's); default 92. */
  quality?: number;
  /** A frame older than this means the camera is not delivering; default 2 s. */
  maxFrameAgeMs?: number;
}

/**
 * Photos: the latest source frame at its full resolution (not the stream's compressed copy) as a
 * high-quality JPEG with EXIF (time, GPS position, altitude, heading), a thumbnail, and metadata
 * in the gallery. Requests at the same moment each get their own file.
 */
export class PhotoTaker {
  private latest: { frame: VideoFrame; arrivedAt: number } | undefined;
  private readonly onFrame = (frame: VideoFrame): void => {
    this.latest = { frame, arrivedAt: performance.now() };
  };

  constructor(private readonly options: PhotoTakerOptions) {
    options.feed.on('frame', this.onFrame);
  }

  close(): void {
    this.options.feed.off('frame', this.onFrame);
  }

  async take(by: CaptureRequester): Promise<GalleryItem> {
    const { store, disk, logger } = this.options;
    const latest = this.latest;
    const maxAge = this.options.maxFrameAgeMs ?? 2000;
    if (!latest || performance.now() - latest.arrivedAt > maxAge) {
      throw new ProtocolError('UNAVAILABLE', `no picture to take: ${this.options.feed.description} is not delivering video right now`);
    }
    const space = await disk.check();
    if (!space.ok) throw new ProtocolError('INVALID_STATE', `cannot take a photo: ${space.message}`);
    // Frames are never modified once emitted, so this one can be encoded while newer ones arrive.
    const { frame } = latest;
    const started = performance.now();
    const position = this.options.position();
    const jpeg = await this.encode(frame, photoExif(frame.captureTimeMs, position, this.options.feed.description));
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
