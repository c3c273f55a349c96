import type { ConnectedPeer, Role, ServerEventName, ServerEventPayload } from '@dronecast/protocol';
import type { DroneBroadcast, ToDroneOptions } from '../drone/DroneBroadcast.ts';
import { droneRoom, peerRoom, roleRoom } from './droneRooms.ts';
import type { SignalingIo, SocketData } from './signalingIo.ts';
import { typedRoom } from './typedRoom.ts';

type Target = ReturnType<SignalingIo['to']>;

/** One drone's broadcast port on socket.io rooms, so it reaches every host's clients through the Redis adapter. */
export class RoomBroadcast implements DroneBroadcast {
  constructor(
    private readonly io: SignalingIo,
    private readonly droneId: string,
  ) {}

  toDrone<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>, options: ToDroneOptions = {}): void {
    let target = this.io.to(droneRoom(this.droneId));
    if (options.exceptPeer !== undefined) target = target.except(peerRoom(options.exceptPeer));
    if (options.volatile) target = target.volatile;
    send(target, event, payload);
  }

  toPeer<E extends ServerEventName>(peerId: string, event: E, payload: ServerEventPayload<E>): void {
    send(this.io.to(peerRoom(peerId)), event, payload);
  }

  toLocalRoles<E extends ServerEventName>(roles: readonly Role[], exceptPeer: string | undefined, event: E, payload: ServerEventPayload<E>): void {
    let target = this.io.local.to(roles.map((role) => roleRoom(this.droneId, role)));
    if (exceptPeer !== undefined) target = target.except(peerRoom(exceptPeer));
    send(target, event, payload);
  }

  toRole<E extends ServerEventName>(role: Role, event: E, payload: ServerEventPayload<E>): void {
    send(this.io.to(roleRoom(this.droneId, role)), event, payload);
  }

  async peers(): Promise<ConnectedPeer[]> {
    const room = droneRoom(this.droneId);
    // Asks every host; if one does not answer in time, this host's list is better than none.
    const sockets = await this.io.in(room).fetchSockets().catch(() => this.io.local.in(room).fetchSockets());
    return sockets.map(({ data }) => connectedPeer(data));
  }
}

function connectedPeer(data: SocketData): ConnectedPeer {
  return { peerId: data.peerId, role: data.claims.role, since: data.since, address: data.address, device: data.device };
}

function send<E extends ServerEventName>(target: Target, event: E, payload: ServerEventPayload<E>): void {
  typedRoom(target).emit(event, payload);
}
