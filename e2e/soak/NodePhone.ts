import { SignalingLink } from '@dronecast/peer';
import {
  pilotAliveIntervalMs,
  type RequestName,
  type RequestPayload,
  type Response,
  type VideoTransport,
  type Welcome,
} from '@dronecast/protocol';
import { openVideoFeed, waitForFrames, type VideoFeed } from './nodeVideoFeeds.ts';
import { videoTimeoutMs, type Phone, type PhoneRole } from './Phone.ts';
import { phoneLogger } from './phoneLogger.ts';

export interface NodePhoneOptions {
  label: string;
  role: PhoneRole;
  origin: string;
  token: string;
  /** PEM of the stack's CA. */
  ca: string;
  /** Warnings and errors its signaling link and WebRTC subscriber log. */
  onWarning(line: string): void;
}

/**
 * A phone without a browser: the signaling link the ground agent and the pose worker use
 * (@dronecast/peer), the drone video over WebRTC (wrtc), /frames or MQTT, and, as a pilot,
 * requests for flying and captures. Its requests time out after SignalingLink's 10 s.
 */
export class NodePhone implements Phone {
  readonly kind = 'node';
  busy = false;
  joinedAt = 0;
  private isLeaving = false;
  private link: SignalingLink | undefined;
  private feed: VideoFeed | undefined;
  private welcome: Welcome | undefined;

  constructor(private readonly options: NodePhoneOptions) {}

  get label(): string {
    return this.options.label;
  }

  get role(): PhoneRole {
    return this.options.role;
  }

  get transport(): VideoTransport | undefined {
    return this.feed?.transport;
  }

  get leaving(): boolean {
    return this.isLeaving;
  }

  get peerId(): string | undefined {
    return this.welcome?.peerId;
  }

  async join(transport: VideoTransport): Promise<void> {
    this.joinedAt = Date.now();
    const link = new SignalingLink({
      url: this.options.origin,
      token: this.options.token,
      ca: this.options.ca,
      logger: phoneLogger(this.label, this.options.onWarning),
      tokenName: `${this.role} token`,
    });
    this.link = link;
    const ready = new Promise<Welcome>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no welcome within 20 s')), 20_000);
      link.once('ready', (welcome) => {
        clearTimeout(timer);
        resolve(welcome);
      });
    });
    link.connect();
    this.welcome = await ready;
    await this.watch(transport);
  }

  async switchTo(transport: VideoTransport): Promise<void> {
    // The old path first, as the page does: only one costs bandwidth.
    await this.feed?.stop();
    this.feed = undefined;
    await this.watch(transport);
  }

  async leave(): Promise<void> {
    this.isLeaving = true;
    const feed = this.feed;
    this.feed = undefined;
    await feed?.stop().catch(() => {});
    this.link?.close();
  }

  request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Response<E>> {
    if (!this.link) throw new Error(`${this.label} has not joined`);
    return this.link.request(event, payload);
  }

  /** Says "still here" every 250 ms, as the pilot's page does while it holds control; returns the stop. */
  keepAlive(): () => void {
    const timer = setInterval(() => this.link?.notify('control:alive', {}), pilotAliveIntervalMs);
    return () => clearInterval(timer);
  }

  private async watch(transport: VideoTransport): Promise<void> {
    const link = this.link;
    if (!link || !this.welcome) throw new Error(`${this.label} has not joined`);
    const feed = await openVideoFeed(transport, {
      origin: this.options.origin,
      token: this.options.token,
      ca: this.options.ca,
      droneId: this.welcome.droneId,
      link,
      logger: phoneLogger(`${this.label}/${transport}`, this.options.onWarning),
    });
    if (this.isLeaving) return void (await feed.stop());
    this.feed = feed;
    await waitForFrames(feed, 5, videoTimeoutMs, () => !this.isLeaving && this.feed === feed);
  }
}
