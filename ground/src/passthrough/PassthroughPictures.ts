import type { PictureSource } from '../capture/PictureSource.ts';
import type { VideoFrame } from '../video/VideoFrame.ts';
import { CurrentGop, type GopSnapshot } from './CurrentGop.ts';
import { isSlice, type AccessUnitSource, type H264AccessUnit } from './H264AccessUnit.ts';
import { H264Decoder } from './H264Decoder.ts';

export interface PassthroughPicturesOptions {
  /** The camera's access units (the depacketizer). */
  accessUnits: AccessUnitSource;
  /** What the camera is, for messages. */
  description: string;
  /** Milliseconds on the clock of the access units' arrival times (the depacketizer's). */
  now: () => number;
  /** Default "ffmpeg". */
  ffmpegPath?: string;
  /** The most the current GOP may hold; default 8 MB. */
  maxGopBytes?: number;
  /** A latest picture older than this means the camera is not delivering; default 2 s. */
  maxAgeMs?: number;
  /** How long one decode may take before it is killed; default 10 s. */
  timeoutMs?: number;
}

/**
 * Photos from a passthrough H.264 camera: the current GOP is kept, and a request decodes it with
 * one short ffmpeg run to its latest picture, full size, as the camera sent it. Nothing decodes
 * between requests; requests for the same picture share one decode.
 */
export class PassthroughPictures implements PictureSource {
  readonly description: string;
  private readonly gop: CurrentGop;
  private readonly ffmpegPath: string;
  private inFlight: { last: H264AccessUnit; frame: Promise<VideoFrame> } | undefined;
  private readonly onAccessUnit = (unit: H264AccessUnit): void => this.gop.push(unit);

  constructor(private readonly options: PassthroughPicturesOptions) {
    this.description = options.description;
    this.gop = new CurrentGop(options.maxGopBytes);
    this.ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
    options.accessUnits.on('accessUnit', this.onAccessUnit);
  }

  latest(): Promise<VideoFrame> {
    const snapshot = this.gop.snapshot();
    if (!snapshot) return Promise.reject(new Error(this.gop.problem ?? `${this.description} has sent no picture that can be decoded yet`));
    const last = snapshot.units.at(-1)!;
    if (this.options.now() - last.arrivalMs > (this.options.maxAgeMs ?? 2000)) {
      return Promise.reject(new Error(`${this.description} is not delivering video right now`));
    }
    if (this.inFlight?.last === last) return this.inFlight.frame;
    const frame = this.decode(snapshot);
    const inFlight = { last, frame };
    this.inFlight = inFlight;
    const done = (): void => {
      if (this.inFlight === inFlight) this.inFlight = undefined;
    };
    frame.then(done, done);
    return frame;
  }

  close(): void {
    this.options.accessUnits.off('accessUnit', this.onAccessUnit);
  }

  private async decode({ units, sps, pictures }: GopSnapshot): Promise<VideoFrame> {
    const { width, height } = sps;
    let latest: Uint8Array | undefined;
    // All pictures are decoded (each refers to the one before), only the last is copied out.
    const decoder = new H264Decoder({ ffmpegPath: this.ffmpegPath, width, height, fromPicture: pictures - 1, onFrame: (data) => (latest = data) });
    // The end of input completes the last picture; a delimiter after it would be an empty one.
    units.forEach((unit, i) => decoder.write(unit.nalUnits, i < units.length - 1));
    decoder.end();
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void decoder.stop();
    }, timeoutMs);
    const exit = await decoder.exited;
    clearTimeout(timer);
    if (timedOut) throw new Error(`decoding a picture of ${this.description} took over ${timeoutMs / 1000} s`);
    // The decoder gives one frame per picture: none means the last one could not be decoded.
    if (!latest) throw new Error(`could not decode the latest picture of ${this.description}: ${H264Decoder.describeExit(exit, this.ffmpegPath)}`);
    const lastPicture = units.findLast((unit) => unit.nalUnits.some(isSlice)) ?? units.at(-1)!;
    return { width, height, data: latest, captureTimeMs: lastPicture.arrivalMs, frameNumber: pictures - 1 };
  }
}
