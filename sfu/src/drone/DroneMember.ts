import { applyAnswerSchema, type GroundAgentRequestName, type Logger, type Role, type ServerEventPayload } from '@dronecast/protocol';
import type { AgentChannel } from '../control/DroneControl.ts';
import type { VideoAgent } from '../control/DroneVideoSettings.ts';
import type { CaptureAgentChannel } from '../gallery/DroneCapture.ts';
import { MediaPeer } from '../media/MediaPeer.ts';
import type { TurnIceServers } from '../turn/TurnIceServers.ts';
import type { Drone, SendToClient } from './Drone.ts';

/** What the ground agent is asked, with its answer in the acknowledgement. */
export type AgentRequestName = 'drone:command' | 'video:apply' | GroundAgentRequestName;

/** One connected client, as its drone sees it (socket.io stays in signaling). */
export interface DroneClient {
  peerId: string;
  role: Role;
  /** The connection's id: a reconnected ground agent is a new one. */
  connectionId: string;
  /** Who its TURN allocations count against (turnQuotaHolder). */
  turnHolder: string;
  send: SendToClient;
  /** Closes the connection (a silent ground agent replaced by a new one). */
  drop(reason: string): void;
  ask<E extends AgentRequestName>(event: E, payload: ServerEventPayload<E>, timeoutMs: number): Promise<unknown>;
  logger: Logger;
}

export interface DroneMemberOptions {
  turn?: TurnIceServers | undefined;
  /** The server is stopping: a lost router is not worth a reconnect. */
  closing(): boolean;
}

/**
 * One client attached to its drone: its media on the drone's router and, for the ground agent,
 * the channels control, video and captures ask it through. leave() undoes all of it.
 */
export class DroneMember {
  readonly media: MediaPeer;
  /** This client is the drone's ground agent (the only ground-role token). */
  readonly agent: boolean;
  private readonly agentChannels: { control: AgentChannel; video: VideoAgent; capture: CaptureAgentChannel } | undefined;
  /** When anything last came from this client (pongs included), ms: a ground agent silent for long is gone. */
  heardAt = Date.now();
  private gone = false;

  constructor(
    readonly drone: Drone,
    readonly client: DroneClient,
    options: DroneMemberOptions,
  ) {
    const { peerId, role, logger } = client;
    const turn = options.turn;
    this.media = new MediaPeer(peerId, role, () => drone.media.router(), turn ? () => turn.forHolder(client.turnHolder) : undefined);
    this.media.on('consumerClosed', (consumerId) => client.send('media:consumerClosed', { consumerId }));
    this.media.on('routerLost', () => {
      if (options.closing()) return;
      logger.warn('media lost with its worker; asking the client to reconnect');
      client.send('session:reconnect', { reason: 'the media server restarted a worker; rebuild your transports' });
    });
    this.agent = role === 'ground';
    this.agentChannels = this.agent ? this.attachAgent() : undefined;
  }

  get peerId(): string {
    return this.client.peerId;
  }

  get role(): Role {
    return this.client.role;
  }

  /** The client went away: its lease, pose control, agent channels and media go with it. */
  leave(): void {
    if (this.gone) return;
    this.gone = true;
    const { drone, peerId } = this;
    drone.control.peerGone(peerId);
    drone.pose.peerGone(peerId);
    if (this.agentChannels) {
      drone.control.detachAgent(this.client.connectionId);
      drone.video.detachAgent(this.agentChannels.video);
      drone.capture.detachAgent(this.client.connectionId);
      drone.agentLeft(this);
    }
    this.media.close();
  }

  private attachAgent(): { control: AgentChannel; video: VideoAgent; capture: CaptureAgentChannel } {
    const { client, drone } = this;
    const channels = {
      control: {
        id: client.connectionId,
        send: (command, timeoutMs) => drone.agentLink.urgent(() => client.ask('drone:command', command, timeoutMs)),
      } satisfies AgentChannel,
      video: {
        apply: async (quality) => {
          const answer = applyAnswerSchema.safeParse(await client.ask('video:apply', quality, 10_000));
          return answer.success ? answer.data : { ok: false, message: 'malformed answer from the ground station' };
        },
        limitBitrate: (kbps) => this.media.setMaxIncomingBitrate(kbps * 1000),
      } satisfies VideoAgent,
      capture: { id: client.connectionId, ask: (event, payload, timeoutMs) => client.ask(event, payload, timeoutMs) } satisfies CaptureAgentChannel,
    };
    drone.agentJoined(this);
    drone.control.attachAgent(channels.control);
    drone.video.attachAgent(channels.video);
    drone.capture.attachAgent(channels.capture);
    return channels;
  }
}
