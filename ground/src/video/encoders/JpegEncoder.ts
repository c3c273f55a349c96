import wrtc from '@roamhq/wrtc';
import sharp from 'sharp';
import type { VideoFrame } from '../VideoFrame.ts';

/**
 * I420 frames to JPEG for the fallback transports: wrtc's native I420->RGBA conversion, then
 * sharp (libvips) at the chosen quality. One encoder is shared by every JPEG transport, so each
 * frame is encoded once however many transports send it.
 */
export class JpegEncoder {
  /**
   * RGBA buffers not in use. sharp reads its input on libvips' thread pool after encode() returns,
   * without copying it, so a buffer is reused only once its JPEG is done: the websocket and MQTT
   * paths may encode different frames at once, and sharing one buffer tore the earlier JPEG with
   * the later frame.
   */
  private readonly free: Uint8ClampedArray[] = [];
  /** The websocket and MQTT paths both ask for the same frame: encode it once. */
  private last: { frame: VideoFrame; quality: number; jpeg: Promise<Uint8Array> } | undefined;

  constructor(private quality: number) {
    JpegEncoder.check(quality);
  }

  static check(quality: number): void {
    if (!Number.isInteger(quality) || quality < 10 || quality > 95) throw new RangeError(`JPEG quality must be a whole number from 10 to 95, not ${quality}`);
  }

  get currentQuality(): number {
    return this.quality;
  }

  setQuality(quality: number): void {
    JpegEncoder.check(quality);
    this.quality = quality;
  }

  encode(frame: VideoFrame): Promise<Uint8Array> {
    if (this.last?.frame === frame && this.last.quality === this.quality) return this.last.jpeg;
    const jpeg = this.encodeNow(frame);
    this.last = { frame, quality: this.quality, jpeg };
    return jpeg;
  }

  private async encodeNow(frame: VideoFrame): Promise<Uint8Array> {
    const { width, height } = frame;
    const size = width * height * 4;
    const rgba = this.free.pop() ?? new Uint8ClampedArray(size);
    const buffer = rgba.length === size ? rgba : new Uint8ClampedArray(size);
    try {
      wrtc.nonstandard.i420ToRgba({ width, height, data: frame.data }, { width, height, data: buffer as unknown as Uint8Array });
      const jpeg = await sharp(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), { raw: { width, height, channels: 4 } })
        .jpeg({ quality: this.quality, mozjpeg: false })
        .toBuffer();
      return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
    } finally {
      // A few spares cover the transports encoding at once; a size change leaves the old ones to the GC.
      if (this.free.length < 4) this.free.push(buffer);
    }
  }
}
