import type { Role } from '@dronecast/protocol';

/** socket.io rooms: the Redis adapter carries a room broadcast to every host's sockets in it. */
export const droneRoom = (droneId: string): string => `drone:${droneId}`;
export const roleRoom = (droneId: string, role: Role): string => `drone:${droneId}:${role}`;
/** Every socket is alone in its peer room: the way to reach one client on whichever host it is. */
export const peerRoom = (peerId: string): string => `peer:${peerId}`;
/** Every connection made with one token subject (a person's link): how a revoked link is dropped everywhere. */
export const holderRoom = (subject: string): string => `holder:${subject}`;
