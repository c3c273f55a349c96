import type { types } from 'mediasoup-client';
import { MediaTransport } from '../media/MediaTransport.ts';
import { ObservableValue, type Observable } from '../observable.ts';
import type { SessionStatus, Signaling } from '../session/SessionTypes.ts';
import { cameraErrorMessage } from './cameraErrorMessage.ts';
import type { CameraFacing, CameraStatus, GetUserMedia } from './PhoneCameraTypes.ts';

export interface PhoneCameraOptions {
  /** The WebRTC cap for the phone's uplink (mobile networks). */
  maxBitrateKbps?: number;
  getUserMedia?: GetUserMedia;
  /** Delay before publishing again after the transport failed. */
  retryDelayMs?: number;
}

/**
 * The phone's own camera sent to the SFU as `phone-camera` (for the ground station and the pose
 * worker). The camera stays open across reconnects; the producer is rebuilt on every new
 * session, and a failed transport is retried, until the user stops.
 */
export class PhoneCamera {
  readonly #signaling: Signaling;
  readonly #options: Required<Omit<PhoneCameraOptions, 'getUserMedia'>> & { getUserMedia: GetUserMedia | undefined };
  readonly #status = new ObservableValue<CameraStatus>({ state: 'off', message: '', facing: 'user', preview: null, producerId: null });
  readonly #unsubscribe: () => void;
  #stream: MediaStream | null = null;
  #transport: MediaTransport | null = null;
  #producer: types.Producer | null = null;
  #welcome: SessionStatus['welcome'] = null;
  /** Counts publishes, so a slow one that a newer one replaced gives up. */
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(signaling: Signaling, options: PhoneCameraOptions = {}) {
    this.#signaling = signaling;
    this.#options = {
      maxBitrateKbps: options.maxBitrateKbps ?? 1200,
      retryDelayMs: options.retryDelayMs ?? 2_000,
      getUserMedia: options.getUserMedia ?? browserGetUserMedia(),
    };
    this.#unsubscribe = signaling.status.subscribe(({ welcome }) => {
      if (welcome === this.#welcome) return;
      this.#welcome = welcome;
      // A new session has none of our media: publish again on it.
      if (welcome && this.#stream) void this.#publish();
      else if (!welcome) this.#unpublish();
    });
  }

  get status(): Observable<CameraStatus> {
    return this.#status;
  }

  /** Opens the camera (front by default) and sends it; failures end in the `failed` state with a reason. */
  async start(facing: CameraFacing = this.#status.value.facing): Promise<void> {
    this.stop();
    this.#set({ state: 'starting', message: 'Opening the camera…', facing });
    const getUserMedia = this.#options.getUserMedia;
    let stream: MediaStream;
    try {
      if (!getUserMedia) throw Object.assign(new Error('no mediaDevices'), { name: 'InsecureContext' });
      stream = await getUserMedia({
        audio: false,
        video: { facingMode: facing, width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30, max: 30 } },
      });
    } catch (error) {
      this.#set({ state: 'failed', message: cameraErrorMessage(error), preview: null });
      return;
    }
    if (this.#status.value.state !== 'starting' || this.#status.value.facing !== facing) {
      stream.getTracks().forEach((t) => t.stop()); // stopped or restarted meanwhile
      return;
    }
    this.#stream = stream;
    const track = stream.getVideoTracks()[0];
    track?.addEventListener('ended', () => {
      if (this.#stream !== stream) return;
      this.stop();
      this.#set({ state: 'failed', message: 'The camera stopped (unplugged, or taken by another app).' });
    });
    this.#set({ preview: stream });
    if (this.#welcome) await this.#publish();
    else this.#set({ message: 'Waiting for the connection to the ground station…' });
  }

  /** Front <-> back camera. */
  async flip(): Promise<void> {
    await this.start(this.#status.value.facing === 'user' ? 'environment' : 'user');
  }

  stop(): void {
    this.#unpublish();
    this.#stream?.getTracks().forEach((t) => t.stop());
    this.#stream = null;
    this.#set({ state: 'off', message: '', preview: null });
  }

  close(): void {
    this.stop();
    this.#unsubscribe();
  }

  async #publish(): Promise<void> {
    const track = this.#stream?.getVideoTracks()[0];
    if (!track) return;
    this.#unpublish();
    const attempt = ++this.#attempt;
    this.#set({ state: 'starting', message: 'Sending the camera to the ground station…' });
    try {
      const transport = await MediaTransport.open(this.#signaling, 'send', {
        onFailed: (reason) => {
          if (attempt === this.#attempt) this.#retry(`Camera upload lost: ${reason}`);
        },
      });
      if (attempt !== this.#attempt) return transport.close();
      this.#transport = transport;
      const producer = await transport.produce(track, { source: 'phone-camera', maxBitrateKbps: this.#options.maxBitrateKbps });
      if (attempt !== this.#attempt) return producer.close();
      this.#producer = producer;
      this.#set({ state: 'sending', message: '', producerId: producer.id });
    } catch (error) {
      if (attempt === this.#attempt) this.#retry(`Could not send the camera: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #retry(message: string): void {
    this.#unpublish();
    const seconds = Math.round(this.#options.retryDelayMs / 1000);
    this.#set({ state: 'failed', message: `${message}. Retrying in ${seconds} s…` });
    this.#retryTimer = setTimeout(() => {
      if (this.#stream && this.#welcome) void this.#publish();
    }, this.#options.retryDelayMs);
  }

  #unpublish(): void {
    this.#attempt++;
    clearTimeout(this.#retryTimer);
    const producer = this.#producer;
    this.#producer = null;
    if (this.#status.value.producerId !== null) this.#set({ producerId: null });
    if (producer && !producer.closed) {
      producer.close();
      this.#signaling.request('media:closeProducer', { producerId: producer.id }).catch(() => undefined);
    }
    this.#transport?.close();
    this.#transport = null;
  }

  #set(change: Partial<CameraStatus>): void {
    this.#status.set({ ...this.#status.value, ...change });
  }
}

function browserGetUserMedia(): GetUserMedia | undefined {
  // Undefined on plain http:// pages: browsers only offer cameras to secure contexts.
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  return devices ? (constraints) => devices.getUserMedia(constraints) : undefined;
}
