import { EventEmitter } from 'node:events';
import type { AvailableTransports, Logger } from '@dronecast/protocol';
import type { DroneRouter } from '../media/DroneRouter.ts';
import type { WorkerPool } from '../media/WorkerPool.ts';
import type { TransportSwitchboard } from '../transports/TransportSwitchboard.ts';
import type { DroneBroadcast } from './DroneBroadcast.ts';
import { Drone } from './Drone.ts';
import type { LinkDesk } from '../links/DroneLinks.ts';

export interface DronesOptions {
  pool: WorkerPool;
  /** How each drone reaches its clients (socket.io rooms in the SFU). */
  broadcastFor(droneId: string): DroneBroadcast;
  /** The JPEG fallbacks this server has. */
  serverTransports: AvailableTransports;
  /** Client consumers per router before a drone's new viewers go to another worker (default: never). */
  consumersPerRouter?: number;
  /** How long an empty piped router lives on (default 30 s). */
  pipedIdleCloseMs?: number;
  logger: Logger;
  linkDesk?: LinkDesk;
}

export interface DronesEvents {
  /** A drone's origin router was made (first use, or again after its worker died). */
  routerCreated: [DroneRouter];
}

/** The drones this SFU serves, by id: the one place per-drone state lives. A drone is made when a client of it first connects. */
export class Drones extends EventEmitter<DronesEvents> implements TransportSwitchboard {
  private readonly drones = new Map<string, Drone>();
  private readonly switchListeners = new Set<(droneId: string, transports: AvailableTransports) => void>();

  constructor(private readonly options: DronesOptions) {
    super();
  }

  get(droneId: string): Drone {
    let drone = this.drones.get(droneId);
    if (!drone) {
      const { options } = this;
      drone = new Drone({
        id: droneId,
        broadcast: options.broadcastFor(droneId),
        serverTransports: options.serverTransports,
        pool: options.pool,
        spread: {
          consumersPerRouter: options.consumersPerRouter ?? Infinity,
          ...(options.pipedIdleCloseMs === undefined ? {} : { idleCloseMs: options.pipedIdleCloseMs }),
        },
        logger: options.logger.child(droneId),
        routerCreated: (router) => this.emit('routerCreated', router),
        linkDesk: options.linkDesk,
      });
      drone.transports.on('changed', (transports) => {
        for (const listener of this.switchListeners) listener(droneId, transports);
      });
      this.drones.set(droneId, drone);
    }
    return drone;
  }

  /** The drone if a client of it has connected, without making it. */
  find(droneId: string): Drone | undefined {
    return this.drones.get(droneId);
  }

  list(): Drone[] {
    return [...this.drones.values()];
  }

  current(droneId: string): AvailableTransports {
    return this.drones.get(droneId)?.transports.current ?? this.options.serverTransports;
  }

  onSwitched(listener: (droneId: string, transports: AvailableTransports) => void): () => void {
    this.switchListeners.add(listener);
    return () => this.switchListeners.delete(listener);
  }

  close(): void {
    for (const drone of this.drones.values()) drone.close();
    this.drones.clear();
  }
}
