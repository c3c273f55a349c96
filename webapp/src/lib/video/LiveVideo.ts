import { embeddedBrokerUrl, isTransportAvailable, type AvailableTransports, type MediaProtocol, type VideoTransport, type Welcome } from '@dronecast/protocol';
import { JpegFramePlayer } from '../frames/JpegFramePlayer.ts';
import { MqttFrameFeed } from '../frames/MqttFrameFeed.ts';
import { WebsocketFrameFeed } from '../frames/WebsocketFrameFeed.ts';
import type { FrameFeed, FrameFeedStatus } from '../frames/FrameFeedTypes.ts';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Session } from '../session/Session.ts';
import { DroneVideo } from './DroneVideo.ts';
import type { FrameStatistics } from './FrameStatistics.ts';
import type { LiveVideoStatus, VideoOutput } from './LiveVideoTypes.ts';
import { afterOffer } from './transportFallback.ts';
import { WakeStallCheck } from './WakeStallCheck.ts';

/** The JPEG path in use: its connection, and the player that shows what it brings. */
interface FramePath {
  feed: FrameFeed;
  player: JpegFramePlayer;
  output: VideoOutput;
  feedStatus: FrameFeedStatus;
  unsubscribe: () => void;
}

/**
 * The drone video over the transport the user picked (WebRTC, websocket or MQTT), switched live:
 * the old path is closed before the new one opens, so only one costs bandwidth. Each path
 * recovers from drops on its own; this only chooses, and says in one status what is on screen.
 */
export class LiveVideo {
  readonly #session: Session;
  readonly #statistics: FrameStatistics;
  readonly #status: ObservableValue<LiveVideoStatus>;
  readonly #unsubscribeSession: () => void;
  readonly #unsubscribeOffer: () => void;
  readonly #stallCheck = new WakeStallCheck({
    framesPresented: () => this.#statistics.stats().framesPresented,
    state: () => this.#status.value.state,
    restart: () => this.restart(),
  });
  #welcome: Welcome | null = null;
  #webrtc: { video: DroneVideo; unsubscribe: () => void } | null = null;
  #frames: FramePath | null = null;

  constructor(session: Session, statistics: FrameStatistics, transport: VideoTransport = 'webrtc') {
    this.#session = session;
    this.#statistics = statistics;
    this.#status = new ObservableValue<LiveVideoStatus>({ transport, state: 'idle', message: '', output: null, available: null, fallback: null });
    this.#unsubscribeSession = session.status.subscribe(({ welcome }) => this.#onWelcome(welcome));
    // The console switched a fallback on or off.
    this.#unsubscribeOffer = session.on('video:transports', (offer) => this.#onOfferChanged(offer));
  }

  get status(): Observable<LiveVideoStatus> {
    return this.#status;
  }

  get transport(): VideoTransport {
    return this.#status.value.transport;
  }

  /** Bytes of video received on the current path (0 again after a switch or rebuild). */
  get bytesReceived(): number {
    return this.#webrtc?.video.bytesReceived ?? this.#frames?.player.bytesReceived ?? 0;
  }

  /** What the WebRTC media arrives over (null on the JPEG transports). */
  get mediaProtocol(): MediaProtocol | null {
    return this.#webrtc?.video.mediaProtocol ?? null;
  }

  /** What the page is decoding: the WebRTC consumer's codec, or JPEG on the frame transports. */
  get codec(): string | null {
    if (this.#webrtc) return this.#webrtc.video.codec;
    return this.#frames ? 'image/jpeg' : null;
  }

  /** Switches to another transport; refused (false) when the server doesn't offer it. */
  select(transport: VideoTransport): boolean {
    const available = this.#status.value.available;
    if (available && !isTransportAvailable(available, transport)) return false;
    this.#update({ fallback: null });
    if (transport === this.transport && (this.#webrtc || this.#frames)) return true;
    this.#stop();
    this.#update({ transport, state: 'idle', message: '', output: null });
    if (this.#welcome) this.#start();
    return true;
  }

  /** Tears the current path down and builds it again ("Try again"). */
  restart(): void {
    if (this.#webrtc) {
      this.#webrtc.video.restart();
      return;
    }
    this.#stop();
    if (this.#welcome) this.#start();
  }

  /** The page is back from sleep: restart the video if it stalled meanwhile (see WakeStallCheck). */
  wake(): void {
    this.#stallCheck.wake();
  }

  close(): void {
    this.#stallCheck.close();
    this.#unsubscribeSession();
    this.#unsubscribeOffer();
    this.#stop();
    this.#update({ state: 'idle', message: '', output: null });
  }

  #onWelcome(welcome: Welcome | null): void {
    if (welcome === this.#welcome) return;
    const first = this.#welcome === null && welcome !== null;
    this.#welcome = welcome;
    if (!welcome) return; // each path rides out a dropped session on its own
    const before = this.#status.value.available;
    // The server may no longer offer the transport (restarted in sockets-only mode, or switched off meanwhile).
    this.#takeOffer(welcome.transports);
    if (first || (!this.#webrtc && !this.#frames)) this.#start();
    else if (this.#frames && this.transport === 'mqtt' && !sameMqtt(welcome.transports, before)) this.restart();
  }

  #onOfferChanged(offer: AvailableTransports): void {
    if (!this.#welcome) return; // the next welcome brings the offer
    const before = this.#status.value.available;
    if (this.#takeOffer(offer)) this.#start();
    else if (this.#frames && this.transport === 'mqtt' && !sameMqtt(offer, before)) this.restart();
  }

  /** Records the offer; when it no longer includes the transport on screen, closes that path for WebRTC (true). */
  #takeOffer(offer: AvailableTransports): boolean {
    const { transport, fallback, fellBack } = afterOffer(this.#status.value, offer);
    if (fellBack) {
      this.#stop();
      this.#update({ state: 'idle', message: '', output: null });
    }
    this.#update({ available: offer, transport, fallback });
    return fellBack;
  }

  #start(): void {
    const welcome = this.#welcome;
    if (!welcome) return;
    const transport = this.transport;
    if (transport === 'webrtc') {
      const video = new DroneVideo(this.#session);
      this.#statistics.newStream();
      let output: VideoOutput | null = null;
      const unsubscribe = video.status.subscribe(({ state, message, stream }) => {
        // The same stream keeps the same output object, so the <video> isn't reloaded.
        if (stream === null) output = null;
        else if (output?.kind !== 'stream' || output.stream !== stream) output = { kind: 'stream', stream };
        this.#update({ state, message, output });
      });
      this.#webrtc = { video, unsubscribe };
      return;
    }
    const token = this.#session.token ?? '';
    const player = new JpegFramePlayer(() => this.#session.serverNow(), this.#statistics);
    const path: FramePath = {
      player,
      output: { kind: 'frames', player },
      feed: { close: () => undefined },
      feedStatus: { state: 'connecting', message: '' },
      unsubscribe: () => undefined,
    };
    this.#frames = path;
    path.unsubscribe = player.receiving.subscribe(() => this.#showFrames(path));
    const handlers = {
      onMessage: (message: Uint8Array) => player.push(message),
      onStatus: (status: FrameFeedStatus) => {
        path.feedStatus = status;
        this.#showFrames(path);
      },
    };
    if (transport === 'websocket') {
      path.feed = new WebsocketFrameFeed(this.#session.origin, token, handlers);
    } else {
      // The latest offer, which may be newer than the welcome.
      const mqtt = this.#status.value.available?.mqtt ?? welcome.transports.mqtt;
      const url = mqtt.available && mqtt.url !== null ? mqtt.url : embeddedBrokerUrl(this.#session.origin);
      path.feed = new MqttFrameFeed(url, token, welcome.droneId, handlers);
    }
  }

  #showFrames(path: FramePath): void {
    if (this.#frames !== path) return;
    const { feedStatus, player, output } = path;
    const name = this.transport === 'mqtt' ? 'MQTT' : 'websocket';
    if (feedStatus.state === 'failed') this.#update({ state: 'failed', message: feedStatus.message, output: null });
    else if (feedStatus.state === 'connecting') this.#update({ state: 'connecting', message: feedStatus.message, output: null });
    else if (player.receiving.value) this.#update({ state: 'playing', message: '', output });
    else this.#update({ state: 'waiting-for-drone', message: `Waiting for the drone camera (${name})…`, output: null });
  }

  #stop(): void {
    if (this.#webrtc) {
      this.#webrtc.unsubscribe();
      this.#webrtc.video.close();
      this.#webrtc = null;
    }
    if (this.#frames) {
      this.#frames.unsubscribe();
      this.#frames.feed.close();
      this.#frames.player.close();
      this.#frames = null;
    }
  }

  #update(change: Partial<LiveVideoStatus>): void {
    const next = { ...this.#status.value, ...change };
    const current = this.#status.value;
    if ((Object.keys(change) as (keyof LiveVideoStatus)[]).every((key) => Object.is(current[key], next[key]))) return;
    this.#status.set(next);
  }
}

function sameMqtt(a: AvailableTransports, b: AvailableTransports | null): boolean {
  return JSON.stringify(a.mqtt) === JSON.stringify(b?.mqtt);
}
