import { readFrameStamp, type FrameStamp } from '@dronecast/protocol';
import { H264RtpCamera } from '../../camera/H264RtpCamera.ts';
import type { VideoFormat, VideoFrame } from '../../video/VideoFrame.ts';
import type { H264AccessUnit } from '../H264AccessUnit.ts';
import { H264Depacketizer } from '../H264Depacketizer.ts';
import { RtpReceiver } from './RtpReceiver.ts';

/**
 * The simulated drone camera (real ffmpeg, libx264, RTP over loopback) into a depacketizer, as
 * the ground agent's ingest will feed the passthrough. Access units carry arrival times on `clock`
 * (the agent's is the SFU's; the camera stamps its pictures with Date.now, so tests use that).
 */
export class CameraRig {
  private constructor(
    readonly camera: H264RtpCamera,
    readonly receiver: RtpReceiver,
    readonly depacketizer: H264Depacketizer,
  ) {}

  static async start(format: VideoFormat, { gopSeconds = 1, bitrateKbps = 1000, clock = Date.now } = {}): Promise<CameraRig> {
    const receiver = await RtpReceiver.open();
    const depacketizer = new H264Depacketizer({ now: clock });
    receiver.on('packet', (packet) => depacketizer.push(packet));
    const camera = new H264RtpCamera({ format, to: { host: '127.0.0.1', port: receiver.port }, gopSeconds, bitrateKbps, ffmpeg: 'ffmpeg' });
    await camera.start();
    return new CameraRig(camera, receiver, depacketizer);
  }

  /** Resolves with the next `count` keyframes (rejects after `timeoutMs`). */
  keyframes(count: number, timeoutMs = 10_000): Promise<H264AccessUnit[]> {
    return collect<H264AccessUnit>((take) => {
      const listener = (unit: H264AccessUnit): void => {
        if (unit.keyframe) take(unit);
      };
      this.depacketizer.on('accessUnit', listener);
      return () => this.depacketizer.off('accessUnit', listener);
    }, count, timeoutMs, 'keyframes');
  }

  async stop(): Promise<void> {
    await this.camera.stop();
    this.receiver.close();
  }
}

/** Collects `count` items from a subscription, or rejects after `timeoutMs` saying how many came. */
export function collect<T>(subscribe: (take: (item: T) => void) => () => void, count: number, timeoutMs: number, what: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`only ${items.length} of ${count} ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = subscribe((item) => {
      if (items.length >= count) return;
      items.push(item);
      if (items.length === count) {
        clearTimeout(timer);
        unsubscribe();
        resolve(items);
      }
    });
  });
}

/** The test pattern's stamp, read from an I420 frame's luma (the stamp is black and white). */
export function stampOf(frame: VideoFrame): FrameStamp | undefined {
  const rows = Math.min(frame.height, 64);
  const rgba = new Uint8Array(frame.width * rows * 4);
  for (let i = 0; i < frame.width * rows; i++) rgba.fill(frame.data[i]!, i * 4, i * 4 + 3);
  return readFrameStamp(rgba, frame.width, frame.height);
}
