import type { ConnectedPeer, LeaseHolder, Role } from '@dronecast/protocol';
import { formatDuration } from '../capture/formatDuration.ts';

export interface PeerRow {
  peerId: string;
  role: Role;
  /** "Pilot", "Ground agent", ... */
  roleName: string;
  device: string;
  address: string;
  /** How long it has been connected, as a clock reads (3:07). */
  connectedFor: string;
  holdsLease: boolean;
  /** This console page itself. */
  isMe: boolean;
}

/** Who is connected, as the console lists them: the phones first, then consoles, then the services. */
export interface PeerGroups {
  phones: PeerRow[];
  consoles: PeerRow[];
  services: PeerRow[];
}

export const roleNames: Record<Role, string> = {
  pilot: 'Pilot',
  viewer: 'Viewer',
  console: 'Console',
  ground: 'Ground agent',
  processing: 'Pose worker',
};

/** `now` on the server's clock, like each peer's `since`. */
export function peerGroups(peers: readonly ConnectedPeer[], holder: LeaseHolder, me: string | null, now: number): PeerGroups {
  const groups: PeerGroups = { phones: [], consoles: [], services: [] };
  const ordered = [...peers].sort((a, b) => a.since - b.since || a.peerId.localeCompare(b.peerId));
  for (const peer of ordered) {
    const row: PeerRow = {
      peerId: peer.peerId,
      role: peer.role,
      roleName: roleNames[peer.role],
      device: peer.device,
      address: peer.address.replace(/^::ffff:/, ''),
      connectedFor: formatDuration(now - peer.since),
      holdsLease: holder?.peerId === peer.peerId,
      isMe: peer.peerId === me,
    };
    if (peer.role === 'pilot' || peer.role === 'viewer') groups.phones.push(row);
    else if (peer.role === 'console') groups.consoles.push(row);
    else groups.services.push(row);
  }
  return groups;
}

/** A short name for a peer in the event log: "pilot (Chrome on Android)", or its id's start when unknown. */
export function peerLabel(peers: readonly ConnectedPeer[], peerId: string): string {
  const peer = peers.find((p) => p.peerId === peerId);
  return peer ? `${roleNames[peer.role].toLowerCase()} (${peer.device})` : `peer ${peerId.slice(0, 8)}`;
}
