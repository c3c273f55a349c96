import { parseResolution, type Logger, type VideoQuality } from '@dronecast/protocol';
import type { SfuLink } from '../sfu/SfuLink.ts';
import type { JpegEncoder } from './encoders/JpegEncoder.ts';
import type { PassthroughCamera } from './PassthroughCamera.ts';
import type { VideoSource } from './VideoSource.ts';

export interface VideoQualityControllerOptions {
  source: VideoSource;
  encoder: JpegEncoder;
  sfu: SfuLink;
  /** The WebRTC cap the agent started with (--max-bitrate); the SFU enforces later changes. */
  maxBitrateKbps: number;
  /** The JPEG transports: their frame-rate cap follows the chosen fps. */
  jpegPublishers: { setMaxFps(fps: number): void }[];
  /**
   * A camera passed through: its size, frame rate and bitrate are the camera's, reported as they
   * change (the SFU refuses to change them); only the JPEG quality is applied here.
   */
  passthrough?: PassthroughCamera;
  logger: Logger;
}

/**
 * The ground agent's side of live quality: applies what the SFU asks (resolution and frame rate
 * on the source, JPEG quality on the shared encoder) and reports what it really produces.
 */
export class VideoQualityController {
  private current: VideoQuality;

  constructor(private readonly options: VideoQualityControllerOptions) {
    const { width, height, fps } = options.source.format;
    this.current = { resolution: `${width}x${height}`, fps, jpegQuality: options.encoder.currentQuality, maxBitrateKbps: options.maxBitrateKbps };
    this.current = this.withCamera(this.current);
  }

  /** For a passthrough camera: what it sends now (size, rate, measured bitrate) and that it is the camera's. */
  private withCamera(quality: VideoQuality): VideoQuality {
    const camera = this.options.passthrough;
    const info = camera?.info;
    if (!camera || !info) return quality;
    const { width, height, fps } = camera.frames.format;
    const kbps = Math.round(camera.bitrateKbps);
    return { ...quality, resolution: `${width}x${height}`, fps: Math.min(60, fps), maxBitrateKbps: Math.max(100, Math.min(20000, kbps)), camera: info };
  }

  get quality(): VideoQuality {
    return this.current;
  }

  start(): void {
    const { sfu } = this.options;
    // The JPEG paths run at the chosen rate from the first frame, not at their own default.
    for (const publisher of this.options.jpegPublishers) publisher.setMaxFps(Math.min(this.current.fps, 30));
    sfu.onVideoApply((quality) => this.apply(quality));
    // After every (re)connect the SFU learns the truth from us.
    sfu.on('ready', () => sfu.notify('video:quality', this.current));
    // A camera's format is learned from its stream, and may change under us.
    this.options.passthrough?.on('changed', () => {
      this.current = this.withCamera(this.current);
      if (sfu.connected) sfu.notify('video:quality', this.current);
    });
  }

  async apply(quality: VideoQuality): Promise<{ ok: boolean; message: string }> {
    const { source, encoder, logger, sfu } = this.options;
    const { width, height } = parseResolution(quality.resolution);
    try {
      const format = source.format;
      // A passthrough camera's format is not ours to set (the SFU already refused a change).
      if (!this.options.passthrough && (format.width !== width || format.height !== height || format.fps !== quality.fps)) {
        await source.setFormat({ width, height, fps: quality.fps });
      }
      encoder.setQuality(quality.jpegQuality);
      for (const publisher of this.options.jpegPublishers) publisher.setMaxFps(quality.fps);
    } catch (error) {
      logger.warn(`could not apply ${quality.resolution}@${quality.fps}: ${(error as Error).message}`);
      return { ok: false, message: (error as Error).message };
    }
    const { camera: _theCameras, ...asked } = quality;
    this.current = this.withCamera(asked);
    logger.info(`video quality now ${quality.resolution}@${quality.fps}, JPEG ${quality.jpegQuality}, WebRTC cap ${quality.maxBitrateKbps} kbit/s`);
    sfu.notify('video:quality', quality);
    return { ok: true, message: 'applied' };
  }
}
