import type { Logger, PoseControlState, ProducerInfo, Telemetry } from '@dronecast/protocol';
import type { SignalingLink } from '@dronecast/peer';
import { PoseDetector } from '../pose/index.ts';
import { PhonePipeline } from './PhonePipeline.ts';

export interface PoseWorkerOptions {
  link: SignalingLink;
  maxBitrateKbps: number;
  logger: Logger;
}

/** How often what the worker sees is told to everyone (the phones show it). */
const seenIntervalMs = 250;

/**
 * The pose worker: one PhonePipeline per phone camera on the SFU, each sending back the processed
 * video made from it. They share one detector (MediaPipe, ~300 MB), started with the first
 * phone camera, not before.
 */
export class PoseWorker {
  private readonly pipelines = new Map<string, PhonePipeline>();
  private detector: PoseDetector | undefined;
  private control: PoseControlState | undefined;
  private telemetry: Telemetry | undefined;
  private readonly seenTimer: NodeJS.Timeout;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: PoseWorkerOptions) {
    const { link } = options;
    const onReady = (): void => void this.sync();
    link.on('ready', onReady);
    this.unsubscribe.push(
      () => link.off('ready', onReady),
      link.onServerEvent('media:producerAdded', (info) => {
        if (info.source === 'phone-camera') this.add(info);
      }),
      link.onServerEvent('media:producerClosed', ({ producerId }) => this.remove(producerId, 'its phone stopped sending')),
      link.onServerEvent('pose:control', (state) => {
        this.control = state;
        for (const pipeline of this.pipelines.values()) pipeline.setControl(state);
      }),
      link.onServerEvent('drone:telemetry', (telemetry) => {
        this.telemetry = telemetry;
        for (const pipeline of this.pipelines.values()) pipeline.setTelemetry(telemetry);
      }),
    );
    this.seenTimer = setInterval(() => this.tellSeen(), seenIntervalMs);
    this.seenTimer.unref();
  }

  start(): void {
    if (this.options.link.welcome) void this.sync();
  }

  async stop(): Promise<void> {
    clearInterval(this.seenTimer);
    for (const off of this.unsubscribe.splice(0)) off();
    for (const id of [...this.pipelines.keys()]) this.remove(id, 'the worker is stopping');
    await this.detector?.close();
  }

  /** After (re)connecting: a pipeline for every phone camera there is, none for those gone. */
  private async sync(): Promise<void> {
    try {
      const { producers } = await this.options.link.request('media:listProducers', {});
      const cameras = producers.filter((p) => p.source === 'phone-camera');
      for (const id of [...this.pipelines.keys()]) if (!cameras.some((p) => p.producerId === id)) this.remove(id, 'gone while we were away');
      for (const camera of cameras) this.add(camera);
    } catch (error) {
      this.options.logger.warn(`could not list the phone cameras: ${(error as Error).message}`);
    }
  }

  private add(camera: ProducerInfo): void {
    if (this.pipelines.has(camera.producerId)) return;
    const { link, logger, maxBitrateKbps } = this.options;
    logger.info('processing a phone camera', { producerId: camera.producerId, phone: camera.peerId });
    const pipeline = new PhonePipeline({
      link,
      producerId: camera.producerId,
      detector: this.ensureDetector(),
      maxBitrateKbps,
      logger: logger.child(`phone:${camera.producerId.slice(0, 8)}`),
    });
    if (this.control) pipeline.setControl(this.control);
    if (this.telemetry) pipeline.setTelemetry(this.telemetry);
    this.pipelines.set(camera.producerId, pipeline);
    pipeline.start();
  }

  private remove(producerId: string, reason: string): void {
    const pipeline = this.pipelines.get(producerId);
    if (!pipeline) return;
    this.options.logger.info(`phone camera gone: ${reason}`, { producerId });
    this.pipelines.delete(producerId);
    pipeline.stop();
  }

  private ensureDetector(): PoseDetector {
    const { logger } = this.options;
    this.detector ??= new PoseDetector({
      onEvent: (event) => {
        if (event.type === 'ready') logger.info(`pose model loaded in ${Math.round(event.loadMs)} ms`, { restarts: event.restarts });
        else if (event.type === 'failed') logger.error(`pose detection down: ${event.error.message}; restarting in ${event.retryInMs} ms`);
      },
    });
    return this.detector;
  }

  private tellSeen(): void {
    for (const pipeline of this.pipelines.values()) {
      const seen = pipeline.seen;
      if (!seen) continue;
      this.options.link.notify('pose:seen', {
        producerId: pipeline.producerId,
        pose: seen.pose,
        fps: seen.stats.detectionsPerSecond,
        inferenceMs: seen.stats.lastInferenceMs ?? 0,
        droppedFrames: seen.stats.dropped,
      });
    }
  }
}
