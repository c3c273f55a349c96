import type { ServerEventName, ServerEventPayload } from '@dronecast/protocol';

/** A broadcast to rooms: socket.io's BroadcastOperator has emit but not the rest of a socket. */
interface RoomTarget {
  emit(event: string, ...args: unknown[]): unknown;
}

export interface TypedRoom {
  emit<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
}

/**
 * A room broadcast typed by the contract, as typedServerSocket types one socket (socket.io's own
 * typings cannot relate a generic event name to its payload).
 */
export function typedRoom(target: RoomTarget): TypedRoom {
  return { emit: (event, payload) => void target.emit(event, payload) };
}
