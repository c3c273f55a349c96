import { EventEmitter } from 'node:events';
import type { Logger } from '@dronecast/protocol';
import { UsageError } from '@dronecast/runtime';
import { GcsVideoForward } from '../passthrough/GcsVideoForward.ts';
import { H264Depacketizer } from '../passthrough/H264Depacketizer.ts';
import type { H264Sps } from '../passthrough/H264Sps.ts';
import { H264StreamCheck, type H264StreamProblem } from '../passthrough/H264StreamCheck.ts';
import { PassthroughForwarder } from '../passthrough/PassthroughForwarder.ts';
import { PassthroughFrames } from '../passthrough/PassthroughFrames.ts';
import { PassthroughPictures } from '../passthrough/PassthroughPictures.ts';
import type { CameraRtpSource } from '../passthrough/CameraRtpSource.ts';
import { RtpCameraIngest } from '../passthrough/RtpCameraIngest.ts';
import { RtspCameraIngest } from '../passthrough/rtsp/RtspCameraIngest.ts';
import type { SfuLink } from '../sfu/SfuLink.ts';
import type { PassthroughSpec } from './sources/parseSourceSpec.ts';

export interface PassthroughCameraOptions {
  spec: PassthroughSpec;
  link: SfuLink;
  sfuUrl: string;
  /** Milliseconds on the SFU's clock: the capture time of decoded frames. */
  clock: () => number;
  ffmpegPath: string;
  playoutDelayMs: number | undefined;
  /** Also send the camera's RTP here, for a ground control station's video. */
  gcsVideo: { host: string; port: number } | undefined;
  logger: Logger;
}

const bitrateWindowMs = 3000;

/** Trouble reaching the camera (RTSP unreachable, refused, silent): told once per outage, not kept. */
export interface CameraLinkTrouble {
  kind: 'link';
  message: string;
}

export interface PassthroughCameraEvents {
  /** Something about the camera's stream the operator must fix on the camera; once per kind. */
  problem: [H264StreamProblem | CameraLinkTrouble];
  /** The camera's size or profile changed (and the first time it is known). */
  changed: [];
}

/** What the camera sends, for the quality panel: these are set on the camera, not here. */
export interface PassthroughCameraInfo {
  codec: 'H264';
  /** e.g. "Constrained Baseline 3.0". */
  profile: string;
}

/**
 * A drone camera whose H.264 RTP goes to the SFU as it came: the UDP port it sends to, the
 * depacketizer and the checks that say plainly what the camera must change, the forwarder into
 * mediasoup, the frames decoded only while a JPEG transport watches, photos decoded on request,
 * recordings by stream copy (the frames are an H264Feed), and a copy for a GCS.
 */
export class PassthroughCamera extends EventEmitter<PassthroughCameraEvents> {
  readonly ingest: CameraRtpSource;
  readonly accessUnits: H264Depacketizer;
  readonly frames: PassthroughFrames;
  /** Photos: the latest picture, decoded from the current GOP on request. */
  readonly pictures: PassthroughPictures;
  private readonly check: H264StreamCheck;
  private readonly forwarder: PassthroughForwarder;
  private readonly gcsVideo: GcsVideoForward | undefined;
  private sps: H264Sps | undefined;
  /** Bytes received in the current and the last bitrate window. */
  private windowBytes = 0;
  private measured = { kbps: 0, fps: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: PassthroughCameraOptions) {
    super();
    const { spec, link, logger } = options;
    this.ingest = spec.kind === 'h264-rtp' ? new RtpCameraIngest({ host: spec.host, port: spec.port }) : new RtspCameraIngest({ url: spec.url });
    this.accessUnits = new H264Depacketizer({ now: options.clock });
    this.check = new H264StreamCheck({ now: () => performance.now() });
    this.frames = new PassthroughFrames({ accessUnits: this.accessUnits, description: this.description, logger: logger.child('decode'), ffmpegPath: options.ffmpegPath });
    this.pictures = new PassthroughPictures({ accessUnits: this.accessUnits, description: this.description, now: options.clock, ffmpegPath: options.ffmpegPath });
    this.forwarder = new PassthroughForwarder({ link, ingest: this.ingest, sfuUrl: options.sfuUrl, playoutDelayMs: options.playoutDelayMs, logger });
    this.gcsVideo = options.gcsVideo && new GcsVideoForward({ ingest: this.ingest, ...options.gcsVideo });

    this.ingest.on('packet', (packet) => {
      this.windowBytes += packet.payload.length + 12;
      this.check.inspectPacket(packet);
      this.accessUnits.push(packet);
    });
    this.ingest.on('sender', ({ address, port, ssrc }) => logger.info(`camera stream from ${address}:${port} (SSRC ${ssrc.toString(16)})`));
    this.ingest.on('trouble', (error) => {
      logger.warn(`camera: ${error.message}`);
      this.emit('problem', { kind: 'link', message: error.message });
    });
    this.accessUnits.on('accessUnit', (unit) => this.check.inspectAccessUnit(unit));
    this.accessUnits.on('rejected', (reason) => logger.warn(`camera stream: ${reason}`));
    this.check.on('problem', (problem) => {
      logger.warn(`camera: ${problem.message}`);
      this.emit('problem', problem);
    });
    this.check.on('sps', (sps) => {
      this.sps = sps;
      logger.info(`camera sends H.264 ${sps.profileName} level ${(sps.levelIdc / 10).toFixed(1)}, ${sps.width}x${sps.height} (profile-level-id ${sps.profileLevelId})`);
      this.forwarder.setProfileLevelId(sps.profileLevelId);
      this.emit('changed');
    });
    // The frame rate and bitrate are measured, not announced by the camera: report them when they move.
    this.timer = setInterval(() => this.remeasure(), bitrateWindowMs).unref();
  }

  /** Every problem found with the camera's stream so far (for whoever connects later). */
  get problems(): H264StreamProblem[] {
    return this.check.problems;
  }

  /** The camera's bitrate over the last few seconds, kbit/s. */
  get bitrateKbps(): number {
    return this.measured.kbps;
  }

  private remeasure(): void {
    const kbps = (this.windowBytes * 8) / bitrateWindowMs;
    this.windowBytes = 0;
    const fps = this.frames.format.fps;
    const moved = fps !== this.measured.fps || Math.abs(kbps - this.measured.kbps) > Math.max(50, this.measured.kbps * 0.25);
    this.measured = { kbps, fps };
    if (moved && this.sps) this.emit('changed');
  }

  get description(): string {
    return `${this.ingest.description} (passed through)`;
  }

  /** Undefined until the camera's first SPS. */
  get info(): PassthroughCameraInfo | undefined {
    const sps = this.sps;
    return sps && { codec: 'H264', profile: `${sps.profileName} ${(sps.levelIdc / 10).toFixed(1)}` };
  }

  /** Binds the camera's port (a busy or foreign address is the operator's to fix: a usage error). */
  async start(): Promise<void> {
    await this.ingest.start().catch((error: Error) => {
      throw new UsageError(error.message);
    });
    this.options.logger.info(`camera: ${this.ingest.description}`);
    await this.frames.start();
    this.forwarder.start();
    if (this.gcsVideo) {
      this.gcsVideo.start();
      this.options.logger.info(`camera also sent to ${this.gcsVideo.description} for a ground control station's video`);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.forwarder.stop();
    this.gcsVideo?.stop();
    this.pictures.close();
    await this.frames.stop();
    await this.ingest.stop();
  }
}
