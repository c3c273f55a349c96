import mqtt from 'mqtt';
import { io } from 'socket.io-client';
import { WebRtcSubscriber, type SignalingLink } from '@dronecast/peer';
import { embeddedBrokerUrl, frameRelayEvents, framesNamespace, mqttTopics, type Logger, type VideoTransport } from '@dronecast/protocol';

/** The drone video as a Node phone receives it over one transport: it only counts frames. */
export interface VideoFeed {
  readonly transport: VideoTransport;
  /** Frames received so far. */
  readonly frames: number;
  stop(): Promise<void>;
}

export interface FeedContext {
  origin: string;
  token: string;
  /** PEM of the stack's CA. */
  ca: string;
  droneId: string;
  /** The phone's signaling link (WebRTC is negotiated over it). */
  link: SignalingLink;
  logger: Logger;
}

export async function openVideoFeed(transport: VideoTransport, context: FeedContext): Promise<VideoFeed> {
  switch (transport) {
    case 'webrtc':
      return openWebRtcFeed(context);
    case 'websocket':
      return openWebsocketFeed(context);
    case 'mqtt':
      return openMqttFeed(context);
  }
}

/** WebRTC through the SFU, decoded by wrtc: what the pose worker and the ground agent do, and a phone's main path. */
function openWebRtcFeed({ link, logger }: FeedContext): VideoFeed {
  const subscriber = new WebRtcSubscriber({ link, mediaSource: 'drone-camera', logger });
  let frames = 0;
  subscriber.on('frame', () => frames++);
  subscriber.start();
  return {
    transport: 'webrtc',
    get frames() {
      return frames;
    },
    stop: async () => subscriber.stop(),
  };
}

/** JPEG frames on the SFU's /frames namespace: a second socket beside the signaling one, as the page opens it. */
async function openWebsocketFeed({ origin, token, ca }: FeedContext): Promise<VideoFeed> {
  // Its own connection, as the page opens it (forceNew): multiplexed onto another socket's cached
  // manager (the first SignalingLink's, made with autoConnect off) it would never connect.
  const socket = io(`${origin}${framesNamespace}`, { auth: { token }, transports: ['websocket'], ca, reconnection: false, forceNew: true });
  let frames = 0;
  socket.on(frameRelayEvents.frame, () => frames++);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const ack = (await socket.timeout(10_000).emitWithAck(frameRelayEvents.subscribe, {})) as { ok: boolean; error?: { message: string } };
    if (!ack.ok) throw new Error(`frames:subscribe refused: ${ack.error?.message ?? 'no reason'}`);
  } catch (error) {
    socket.disconnect();
    throw error;
  }
  return {
    transport: 'websocket',
    get frames() {
      return frames;
    },
    stop: async () => {
      socket.disconnect();
    },
  };
}

/** JPEG frames from the SFU's embedded broker over MQTT-over-WebSocket, as a browser subscribes. */
async function openMqttFeed({ origin, token, ca, droneId }: FeedContext): Promise<VideoFeed> {
  const client = await mqtt.connectAsync(embeddedBrokerUrl(origin), { username: 'soak-phone', password: token, ca, reconnectPeriod: 0, connectTimeout: 10_000 });
  let frames = 0;
  const topic = mqttTopics.videoJpeg(droneId);
  client.on('message', (received) => {
    if (received === topic) frames++;
  });
  try {
    const granted = await client.subscribeAsync(topic);
    // MQTT 3.1.1 refuses a subscription only with QoS 128, and says no more.
    if (granted.some((g) => g.qos === 128)) throw new Error(`the broker refused ${topic}`);
  } catch (error) {
    await client.endAsync(true);
    throw error;
  }
  return {
    transport: 'mqtt',
    get frames() {
      return frames;
    },
    stop: () => client.endAsync(),
  };
}

/** Resolves once the feed has `count` more frames than now; rejects after `timeoutMs` saying how many came. */
export async function waitForFrames(feed: VideoFeed, count: number, timeoutMs: number, stillWanted: () => boolean): Promise<void> {
  const target = feed.frames + count;
  const until = Date.now() + timeoutMs;
  while (feed.frames < target) {
    if (!stillWanted()) return;
    if (Date.now() > until) throw new Error(`${feed.transport}: ${feed.frames - (target - count)} of ${count} frames within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
