import { ProtocolError, type ErrorCode, type MediaProtocol, type MediaSource, type ProducerInfo } from '@dronecast/protocol';
import type { types } from 'mediasoup-client';
import { MediaTransport } from '../media/MediaTransport.ts';
import { ObservableValue, type Observable } from '../observable.ts';
import type { SessionStatus, Signaling } from '../session/SessionTypes.ts';
import type { DroneVideoOptions, VideoState, VideoStatus } from './DroneVideoTypes.ts';

const sourceNames: Record<MediaSource, string> = {
  'drone-camera': 'the drone camera',
  'phone-camera': 'the phone camera',
  'processed-camera': 'the processed video',
};

/** Refusals that retrying cannot fix. */
const permanentCodes: readonly ErrorCode[] = ['FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_PAYLOAD', 'UNKNOWN_EVENT'];

/** Thrown inside a setup step that a newer rebuild has made pointless. */
class Superseded extends Error {}

/**
 * The live video of one source (the drone camera by default) as a MediaStream: finds the
 * producer, consumes it over a receive transport, and rebuilds whatever is lost — the producer
 * going away and coming back, the server asking for a reconnect, the socket reconnecting, ICE
 * failing — without a page reload.
 *
 * Every media step runs in one queue, in event order; `generation` counts rebuilds so a step
 * that started before the latest rebuild stops instead of touching the new objects.
 */
export class DroneVideo {
  readonly #signaling: Signaling;
  readonly #source: MediaSource;
  readonly #options: DroneVideoOptions;
  readonly #status = new ObservableValue<VideoStatus>({ state: 'idle', message: '', stream: null });
  readonly #unsubscribe: (() => void)[] = [];
  #generation = 0;
  #queue: Promise<void> = Promise.resolve();
  #welcome: SessionStatus['welcome'] = null;
  #transport: MediaTransport | null = null;
  #consumer: types.Consumer | null = null;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #bytesReceived = 0;
  #mediaProtocol: MediaProtocol | null = null;
  // getStats() is async; sample it each second so synchronous readers (overlay, tests) have a number.
  readonly #statsTimer = setInterval(() => void this.#sampleBytes(), 1000);

  constructor(signaling: Signaling, options: DroneVideoOptions = {}) {
    this.#signaling = signaling;
    this.#source = options.source ?? 'drone-camera';
    this.#options = options;
    this.#unsubscribe.push(
      signaling.on('media:producerAdded', (producer) => this.#onProducerAdded(producer)),
      signaling.on('media:producerClosed', ({ producerId }) => {
        if (this.#consumer?.producerId === producerId) this.#enqueue(() => this.#dropConsumer());
      }),
      signaling.on('media:consumerClosed', ({ consumerId }) => {
        if (this.#consumer?.id !== consumerId) return;
        this.#enqueue(async (generation) => {
          this.#dropConsumer();
          // The server may have closed only the consumer; if the producer is still there, take it again.
          await delay(1_000);
          await this.#consumeAvailable(generation);
        });
      }),
      signaling.on('session:reconnect', () => this.restart()),
      signaling.status.subscribe((status) => this.#onSessionStatus(status)),
    );
  }

  get status(): Observable<VideoStatus> {
    return this.#status;
  }

  get source(): MediaSource {
    return this.#source;
  }

  /** Tears down all media and sets it up again (also what the UI's "Try again" does). */
  restart(): void {
    if (this.#closed || !this.#welcome) return;
    this.#retries = 0;
    this.#rebuild();
  }

  /** The consumer's codec ('video/H264', 'video/VP8'), null without one. */
  get codec(): string | null {
    const consumer = this.#consumer;
    return consumer && !consumer.closed ? (consumer.rtpParameters.codecs[0]?.mimeType ?? null) : null;
  }

  /** Bytes of video received by the current consumer (restarts from 0 when the consumer is rebuilt). */
  get bytesReceived(): number {
    return this.#bytesReceived;
  }

  /** What the media arrives over: the selected ICE candidate pair's protocol, sampled with the bytes. */
  get mediaProtocol(): MediaProtocol | null {
    return this.#mediaProtocol;
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#statsTimer);
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#teardown();
    this.#set('idle', '');
  }

  async #sampleBytes(): Promise<void> {
    const consumer = this.#consumer;
    if (!consumer || consumer.closed) return;
    const report = await consumer.getStats().catch(() => null);
    report?.forEach((entry: { type?: string; bytesReceived?: number }) => {
      if (entry.type === 'inbound-rtp' && typeof entry.bytesReceived === 'number') this.#bytesReceived = entry.bytesReceived;
    });
    if (report) this.#mediaProtocol = selectedPairProtocol(report);
  }

  #onSessionStatus(status: SessionStatus): void {
    if (status.welcome === this.#welcome) return;
    this.#welcome = status.welcome;
    // A new welcome means a new connection: the server has dropped whatever media we had.
    if (status.welcome) this.#rebuild();
    else {
      this.#teardown();
      this.#set('idle', '');
    }
  }

  #wanted(producer: ProducerInfo): boolean {
    return producer.source === this.#source && (this.#options.pick?.(producer) ?? true);
  }

  #onProducerAdded(producer: ProducerInfo): void {
    if (!this.#wanted(producer)) return;
    this.#enqueue(async (generation) => {
      if (!this.#consumer && this.#transport) await this.#consume(producer.producerId, generation);
    });
  }

  #rebuild(): void {
    this.#teardown();
    this.#set('connecting', 'Connecting to the video server…');
    this.#enqueue(async (generation) => {
      const transport = await MediaTransport.open(this.#signaling, 'recv', {
        ...(this.#options.iceDisconnectGraceMs === undefined ? {} : { iceDisconnectGraceMs: this.#options.iceDisconnectGraceMs }),
        onFailed: (reason) => {
          if (generation === this.#generation) this.#fail(`Video connection lost: ${reason}`, true);
        },
      });
      if (generation !== this.#generation) {
        transport.close();
        throw new Superseded();
      }
      this.#transport = transport;
      await this.#consumeAvailable(generation);
    });
  }

  async #consumeAvailable(generation: number): Promise<void> {
    if (this.#consumer || !this.#transport) return;
    const { producers } = await this.#signaling.request('media:listProducers', {});
    this.#check(generation);
    const producer = producers.find((p) => this.#wanted(p));
    if (producer) await this.#consume(producer.producerId, generation);
    else this.#set('waiting-for-drone', `Waiting for ${sourceNames[this.#source]}…`);
  }

  async #consume(producerId: string, generation: number): Promise<void> {
    const transport = this.#transport;
    if (!transport) return;
    this.#set('connecting', `Connecting to ${sourceNames[this.#source]}…`);
    let consumer: types.Consumer;
    try {
      consumer = await transport.consume(producerId);
    } catch (error) {
      // The producer closed between the listing and our request: nothing to retry, just wait.
      if (!(error instanceof ProtocolError && error.code === 'NOT_FOUND')) throw error;
      this.#check(generation);
      this.#set('waiting-for-drone', `Waiting for ${sourceNames[this.#source]}…`);
      return;
    }
    if (generation !== this.#generation) {
      consumer.close();
      throw new Superseded();
    }
    this.#consumer = consumer;
    consumer.on('trackended', () => {
      if (this.#consumer === consumer) this.#enqueue(() => this.#dropConsumer());
    });
    this.#retries = 0;
    this.#set('playing', '', new MediaStream([consumer.track]));
  }

  #dropConsumer(): void {
    this.#consumer?.close();
    this.#consumer = null;
    this.#set('waiting-for-drone', `Waiting for ${sourceNames[this.#source]}…`);
  }

  /** Closes everything and invalidates every step still in flight. */
  #teardown(): void {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#consumer?.close();
    this.#consumer = null;
    this.#transport?.close();
    this.#transport = null;
  }

  #enqueue(step: (generation: number) => Promise<void> | void): void {
    const generation = this.#generation;
    this.#queue = this.#queue
      .then(async () => {
        if (generation === this.#generation) await step(generation);
      })
      .catch((error: unknown) => {
        if (error instanceof Superseded || generation !== this.#generation) return;
        const retryable = !(error instanceof ProtocolError && permanentCodes.includes(error.code));
        this.#fail(`Video unavailable: ${error instanceof Error ? error.message : String(error)}`, retryable);
      });
  }

  #fail(message: string, retryable: boolean): void {
    this.#teardown();
    if (!retryable) {
      this.#set('failed', message);
      return;
    }
    const delays = this.#options.retryDelaysMs ?? [1_000, 2_000, 5_000, 10_000];
    const wait = delays[Math.min(this.#retries, delays.length - 1)] ?? 5_000;
    this.#retries++;
    this.#set('failed', `${message}. Retrying in ${Math.round(wait / 1000)} s…`);
    this.#retryTimer = setTimeout(() => {
      if (!this.#closed && this.#welcome) this.#rebuild();
    }, wait);
  }

  #check(generation: number): void {
    if (generation !== this.#generation) throw new Superseded();
  }

  #set(state: VideoState, message: string, stream: MediaStream | null = null): void {
    const current = this.#status.value;
    if (current.state === state && current.message === message && current.stream === stream) return;
    this.#status.set({ state, message, stream });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The local candidate's protocol on the transport's selected candidate pair, from a receiver's stats. */
export function selectedPairProtocol(report: RTCStatsReport): MediaProtocol | null {
  let protocol: MediaProtocol | null = null;
  report.forEach((entry: { type?: string; selectedCandidatePairId?: string }) => {
    if (entry.type !== 'transport' || !entry.selectedCandidatePairId) return;
    const pair = report.get(entry.selectedCandidatePairId) as { localCandidateId?: string } | undefined;
    const local = pair?.localCandidateId ? (report.get(pair.localCandidateId) as { protocol?: string } | undefined) : undefined;
    if (local?.protocol === 'udp' || local?.protocol === 'tcp') protocol = local.protocol;
  });
  return protocol;
}
