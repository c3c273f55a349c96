import type { ConnectedPeer, Role, ServerEventName, ServerEventPayload } from '@dronecast/protocol';

export interface ToDroneOptions {
  /** Leave out this client (the one the message came from). */
  exceptPeer?: string;
  /** May be dropped for a slow client: superseded a few times a second. */
  volatile?: boolean;
}

/**
 * How one drone reaches its clients, without knowing about socket.io. Drone state goes to every
 * host's clients (through the Redis adapter when there are several hosts); media events stay on
 * this host, because each host serves its own routers.
 */
export interface DroneBroadcast {
  /** Every client of the drone, on every host. */
  toDrone<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>, options?: ToDroneOptions): void;
  /** One client, on whichever host it is connected. */
  toPeer<E extends ServerEventName>(peerId: string, event: E, payload: ServerEventPayload<E>): void;
  /** The drone's clients of these roles on this host, but one. */
  toLocalRoles<E extends ServerEventName>(roles: readonly Role[], exceptPeer: string | undefined, event: E, payload: ServerEventPayload<E>): void;
  /** The drone's clients of one role, on every host. */
  toRole<E extends ServerEventName>(role: Role, event: E, payload: ServerEventPayload<E>): void;
  /** Everyone connected to the drone, on every host. */
  peers(): Promise<ConnectedPeer[]>;
}
