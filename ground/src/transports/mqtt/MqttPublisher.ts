import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { encodeJpegFrame, mqttTopics, type Logger } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import type { VideoFrame } from '../../video/VideoFrame.ts';
import type { VideoSource } from '../../video/VideoSource.ts';
import { FrameRateLimiter } from '../FrameRateLimiter.ts';
import type { DroneFeed, MqttPublisherOptions } from './MqttPublisherTypes.ts';

const defaultMaxFps = 10;
const refusedToken = /Bad username or password|Not authorized/;

/**
 * The ground agent's MQTT fallback: JPEG frames (QoS 0, latest wins), retained telemetry and
 * QoS 1 events under dronecast/<droneId>/. MQTT is a side path, so nothing here throws into the
 * video source or the drone link: a missing broker is logged once and retried in the background.
 */
export class MqttPublisher {
  private readonly client: MqttClient;
  private readonly logger: Logger;
  private readonly rateLimiter: FrameRateLimiter;
  private readonly now: () => number;
  private readonly topics: { video: string; telemetry: string; events: string };
  private readonly detachers: (() => void)[] = [];
  private sending: Promise<void> | undefined;
  private outageReported = false;
  private encodeFailureReported = false;
  private closed = false;
  private published = 0;
  /** Subscribers to the video, as the embedded broker announces; unknown (an external broker): publish anyway. */
  private videoDemand: number | undefined;
  /** The console switched MQTT video off: an external broker announces no demand, so we stop ourselves. */
  private videoSwitchedOff = false;
  private watched = false;

  constructor(private readonly options: MqttPublisherOptions) {
    this.logger = options.logger ?? createLogger('mqtt');
    this.rateLimiter = new FrameRateLimiter(options.maxFps ?? defaultMaxFps);
    this.now = options.now ?? (() => performance.now());
    this.topics = { video: mqttTopics.videoJpeg(options.droneId), telemetry: mqttTopics.telemetry(options.droneId), events: mqttTopics.events(options.droneId) };
    this.client = mqtt.connect(options.url, {
      clientId: `dronecast-ground-${options.droneId}-${randomBytes(4).toString('hex')}`,
      username: 'ground',
      password: options.token,
      ca: options.ca,
      reconnectPeriod: options.reconnectPeriodMs ?? 2000,
      connectTimeout: 5000,
      // Stale frames and telemetry are worthless after an outage; QoS 1 events are still queued.
      queueQoSZero: false,
      // A refused token is retried too: the SFU may be restarting with its saved secret.
      reconnectOnConnackError: true,
    });
    this.client.on('message', (topic, payload) => {
      if (topic !== mqttTopics.videoDemand(options.droneId)) return;
      try {
        const subscribers = (JSON.parse(payload.toString('utf8')) as { subscribers?: unknown }).subscribers;
        if (typeof subscribers === 'number') this.videoDemand = subscribers;
        this.updateWatched();
      } catch {
        // Not from our broker: keep publishing.
      }
    });
    this.client.on('connect', () => {
      // The embedded broker says when someone watches; JPEG encoding costs the WebRTC path CPU otherwise.
      this.client.subscribe(mqttTopics.videoDemand(options.droneId), { qos: 0 }, () => undefined);
      this.logger.info(`${this.outageReported ? 'reconnected' : 'connected'} to the MQTT broker ${this.where}`);
      this.outageReported = false;
      this.updateWatched();
    });
    this.client.on('error', (error) => this.reportOutage(refusedToken.test(error.message) ? `${error.message}: check the ground token` : error.message));
    this.client.on('close', () => {
      this.reportOutage('connection closed');
      this.updateWatched();
    });
  }

  /**
   * Whether MQTT frames are wanted now: connected, not switched off, and someone subscribed (an
   * external broker announces no demand: then always). Told to onWatched on each change.
   */
  private updateWatched(): void {
    const watched = this.client.connected && !this.videoSwitchedOff && (this.videoDemand === undefined || this.videoDemand > 0);
    if (watched === this.watched) return;
    this.watched = watched;
    this.options.onWatched?.(watched);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Frames handed to the broker connection so far. */
  get framesPublished(): number {
    return this.published;
  }

  get maxFps(): number {
    return this.rateLimiter.maxFps;
  }

  /** Throws RangeError for a rate outside (0, 120]. */
  setMaxFps(maxFps: number): void {
    this.rateLimiter.setMaxFps(maxFps);
  }

  /** Whether MQTT video is switched off at the console; telemetry and events go on either way. */
  get videoPaused(): boolean {
    return this.videoSwitchedOff;
  }

  /** Pauses (true) or resumes the video as the console switches MQTT video; no JPEG is encoded while paused. */
  setVideoSwitchedOff(off: boolean): void {
    if (off === this.videoSwitchedOff) return;
    this.videoSwitchedOff = off;
    this.updateWatched();
    this.logger.info(off ? 'the console switched MQTT video off: MQTT frames paused (telemetry and events go on)' : 'the console switched MQTT video on: MQTT frames resume');
  }

  /** Sends this source's frames until close(). */
  publishVideo(source: VideoSource): void {
    const onFrame = (frame: VideoFrame): void => this.offerFrame(frame);
    source.on('frame', onFrame);
    this.detachers.push(() => source.off('frame', onFrame));
  }

  /** Mirrors the drone's telemetry and events until close(). */
  mirrorDrone(drone: DroneFeed): void {
    const onTelemetry = (telemetry: unknown): void => this.publishJson(this.topics.telemetry, telemetry, { qos: 0, retain: true });
    const onEvent = (event: unknown): void => this.publishJson(this.topics.events, event, { qos: 1, retain: false });
    drone.on('telemetry', onTelemetry);
    drone.on('event', onEvent);
    this.detachers.push(() => {
      drone.off('telemetry', onTelemetry);
      drone.off('event', onEvent);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const detach of this.detachers.splice(0)) detach();
    await this.sending;
    // Connected: let queued events go out; otherwise there is nothing worth waiting for.
    await this.client.endAsync(!this.client.connected);
  }

  private get where(): string {
    // The URL may carry credentials; the log must not.
    const url = new URL(this.options.url);
    url.username = '';
    url.password = '';
    return url.toString();
  }

  private offerFrame(frame: VideoFrame): void {
    // Skip rather than queue: a frame waiting behind a slow encode or a full socket is already late.
    if (this.closed || this.videoSwitchedOff || !this.client.connected || this.sending || this.videoDemand === 0) return;
    if (!this.rateLimiter.admit(this.now())) return;
    this.sending = this.sendFrame(frame).finally(() => (this.sending = undefined));
  }

  private async sendFrame(frame: VideoFrame): Promise<void> {
    let jpeg: Uint8Array;
    try {
      jpeg = await this.options.encoder.encode(frame);
    } catch (error) {
      if (!this.encodeFailureReported) this.logger.error(`JPEG encoding for MQTT failed: ${(error as Error).message}`);
      this.encodeFailureReported = true;
      return;
    }
    const message = encodeJpegFrame({ frameNumber: frame.frameNumber, captureTimeMs: frame.captureTimeMs, width: frame.width, height: frame.height }, jpeg);
    await new Promise<void>((resolve) => {
      // The callback comes once the socket has taken the bytes, so a slow link makes us skip frames.
      this.client.publish(this.topics.video, Buffer.from(message.buffer, message.byteOffset, message.byteLength), { qos: 0 }, (error) => {
        if (error) this.logger.debug(`frame ${frame.frameNumber} not sent: ${error.message}`);
        else this.published++;
        resolve();
      });
    });
  }

  private publishJson(topic: string, value: unknown, options: { qos: 0 | 1; retain: boolean }): void {
    if (this.closed) return;
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      this.logger.warn(`${topic} not sent: ${(error as Error).message}`);
      return;
    }
    this.client.publish(topic, json, options, (error) => {
      if (error) this.logger.debug(`${topic} not sent: ${error.message}`);
    });
  }

  /** Once per outage at error level; the client keeps retrying quietly. */
  private reportOutage(reason: string): void {
    if (this.closed) return;
    if (this.outageReported) {
      this.logger.debug(`MQTT broker ${this.where} still unavailable: ${reason}`);
      return;
    }
    this.outageReported = true;
    const retrySeconds = (this.options.reconnectPeriodMs ?? 2000) / 1000;
    this.logger.error(
      `MQTT broker ${this.where} unavailable (${reason}); MQTT video, telemetry and events are paused and retried every ${retrySeconds} s — WebRTC and the rest of the ground agent carry on`,
    );
  }
}
