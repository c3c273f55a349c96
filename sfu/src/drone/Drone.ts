import {
  mayConsume,
  roles,
  type AvailableTransports,
  type DroneEvent,
  type Logger,
  type PoseSeen,
  type Role,
  type ServerEventName,
  type ServerEventPayload,
  type Telemetry,
} from '@dronecast/protocol';
import { DroneControl } from '../control/DroneControl.ts';
import { DroneVideoSettings } from '../control/DroneVideoSettings.ts';
import { PoseControl } from '../control/PoseControl.ts';
import { DroneCapture, galleryBytesPerSecond } from '../gallery/DroneCapture.ts';
import type { DroneFanoutOptions } from '../media/DroneFanout.ts';
import type { DroneRouter } from '../media/DroneRouter.ts';
import type { WorkerPool } from '../media/WorkerPool.ts';
import type { DroneBroadcast } from './DroneBroadcast.ts';
import type { DroneMember } from './DroneMember.ts';
import { DroneGroundStations } from './DroneGroundStations.ts';
import { DroneMedia } from './DroneMedia.ts';
import { DroneTransports } from './DroneTransports.ts';
import { DroneLinks, type LinkDesk } from '../links/DroneLinks.ts';
import { AgentLinkShare } from '../limits/AgentLinkShare.ts';

export interface DroneOptions {
  id: string;
  broadcast: DroneBroadcast;
  /** The JPEG fallbacks this server has (before the console's switches). */
  serverTransports: AvailableTransports;
  pool: WorkerPool;
  /** When viewers spread over other workers (see DroneFanout). */
  spread: Omit<DroneFanoutOptions, 'logger'>;
  logger: Logger;
  /** A router of this drone was made (the cluster announces and pipes its producers). */
  routerCreated(router: DroneRouter): void;
  /** The people's access links (absent: none can be issued, as in tests of other parts). */
  linkDesk?: LinkDesk | undefined;
}

/** One message to one client, as a greeting is sent. */
export type SendToClient = <E extends ServerEventName>(event: E, payload: ServerEventPayload<E>) => void;

/**
 * Everything the SFU knows about one drone: its router and fan-out, who flies it and its ground
 * agent, the video settings and transport switches, pose control, captures and the last
 * telemetry. Everything it tells clients goes through one broadcast port; close() ends it all.
 */
export class Drone {
  readonly id: string;
  readonly control: DroneControl;
  readonly video: DroneVideoSettings;
  readonly pose: PoseControl;
  readonly capture: DroneCapture;
  /** The ground agent's one socket: the pilots' commands before gallery bytes. */
  readonly agentLink = new AgentLinkShare(galleryBytesPerSecond, 200);
  readonly transports: DroneTransports;
  readonly media: DroneMedia;
  readonly links: DroneLinks | undefined;
  /** The MAVLink ground stations beside the phones (QGroundControl), as the agent reports them. */
  readonly groundStations: DroneGroundStations;
  private lastTelemetry: Telemetry | undefined;
  private agentMember: DroneMember | undefined;

  constructor(private readonly options: DroneOptions) {
    const { id, broadcast, logger } = options;
    this.id = id;
    this.control = new DroneControl({
      droneId: id,
      logger,
      announceLease: (holder) => {
        broadcast.toDrone('control:lease', { holder });
        this.pose.leaseChanged(holder?.peerId ?? null);
      },
      announceAgent: (online) => broadcast.toDrone('drone:agent', { online }),
      announceFailsafe: (message) => broadcast.toDrone('drone:event', { type: 'statusText', message, time: Date.now() } satisfies DroneEvent),
      notifyAsked: (holderPeerId, by) => broadcast.toPeer(holderPeerId, 'control:asked', { by }),
    });
    this.video = new DroneVideoSettings(this.control, (quality) => broadcast.toDrone('video:quality', quality), logger.child('video'));
    this.pose = new PoseControl({
      control: this.control,
      telemetry: () => this.lastTelemetry,
      producerOwner: async (producerId) => (await this.media.router()).get(producerId)?.info.peerId,
      announce: (state) => broadcast.toDrone('pose:control', state),
      announceFired: (fired) => broadcast.toDrone('pose:fired', fired),
      logger: logger.child('pose'),
    });
    this.capture = new DroneCapture({
      agentLink: this.agentLink,
      logger: logger.child('capture'),
      announceRecording: (state) => broadcast.toDrone('capture:recording', state),
      announceChange: (change) => broadcast.toDrone('gallery:changed', change),
    });
    this.transports = new DroneTransports(options.serverTransports);
    this.transports.on('changed', (transports) => broadcast.toDrone('video:transports', transports));
    this.groundStations = new DroneGroundStations((list) => broadcast.toRole('console', 'drone:groundStations', list));
    this.links = options.linkDesk ? new DroneLinks(id, options.linkDesk, (links) => broadcast.toRole('console', 'links:changed', links)) : undefined;
    this.media = new DroneMedia({
      droneId: id,
      pool: options.pool,
      spread: { ...options.spread, logger },
      logger,
      created: (router) => {
        this.relayProducers(router);
        options.routerCreated(router);
      },
    });
  }

  /** The ground agent connected now (one at a time: see SignalingServer). */
  get agent(): DroneMember | undefined {
    return this.agentMember;
  }

  agentJoined(member: DroneMember): void {
    this.agentMember = member;
  }

  agentLeft(member: DroneMember): void {
    if (this.agentMember !== member) return;
    this.agentMember = undefined;
    this.groundStations.agentLeft();
  }

  get telemetry(): Telemetry | undefined {
    return this.lastTelemetry;
  }

  /** From the ground agent: kept for clients that join later, relayed to the others. */
  telemetryReported(sample: Telemetry, fromPeer: string): void {
    const previous = this.lastTelemetry;
    this.lastTelemetry = sample;
    // Routine samples are superseded 10 times a second: a slow phone skips them rather than
    // queueing. A sample that changes the flight state or the link must arrive.
    const changed = previous?.state !== sample.state || previous?.linkLost !== sample.linkLost;
    this.options.broadcast.toDrone('drone:telemetry', sample, { exceptPeer: fromPeer, volatile: !changed });
  }

  /** A MAVLink event from the ground agent, for everyone else. */
  eventReported(event: DroneEvent, fromPeer: string): void {
    this.options.broadcast.toDrone('drone:event', event, { exceptPeer: fromPeer });
  }

  /** What the pose worker sees: superseded a few times a second, so a slow phone may skip some. */
  poseSeen(seen: PoseSeen, fromPeer: string): void {
    this.options.broadcast.toDrone('pose:seen', seen, { exceptPeer: fromPeer, volatile: true });
  }

  /**
   * The drone's state as a client that just joined must see it. `withTransports`: the welcome
   * carries them already on this host; a client joining another host gets them here. `role`, when
   * known, adds what only that role sees (a console: the ground stations; a console of another
   * host hears them with the agent's next report, within a second while any is connected).
   */
  greet(send: SendToClient, withTransports: boolean, role?: Role): void {
    send('control:lease', { holder: this.control.holder });
    send('drone:agent', { online: this.control.agentOnline });
    if (this.lastTelemetry) send('drone:telemetry', this.lastTelemetry);
    if (this.video.quality) send('video:quality', this.video.quality);
    send('capture:recording', this.capture.recordingState);
    send('pose:control', this.pose.state);
    if (withTransports) send('video:transports', this.transports.current);
    if (role === 'console') send('drone:groundStations', this.groundStations.current);
  }

  /** Greets a client connected to another host, through the broadcast port. */
  greetPeer(peerId: string): void {
    this.greet((event, payload) => this.options.broadcast.toPeer(peerId, event, payload), true);
  }

  /** Tells the drone's consoles who is connected, on every host (joins and leaves are rare). */
  async announcePeers(): Promise<void> {
    const peers = await this.options.broadcast.peers();
    this.options.broadcast.toRole('console', 'session:peers', { peers });
  }

  /** Ends everything about the drone: the failsafe's watchdog, its routers, its listeners. */
  close(): void {
    this.control.close();
    this.media.close();
    this.transports.removeAllListeners();
  }

  /** Producer events reach the clients of this host that may consume them (media is per host). */
  private relayProducers(router: DroneRouter): void {
    const { broadcast } = this.options;
    router.on('producerAdded', (info) => {
      const consumers = roles.filter((role) => mayConsume(role, info.source));
      broadcast.toLocalRoles(consumers, info.peerId, 'media:producerAdded', info);
    });
    router.on('producerClosed', (producerId) => broadcast.toLocalRoles(roles, undefined, 'media:producerClosed', { producerId }));
  }
}
