import { describe, expect, it } from 'vitest';
import type { ConnectedPeer } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import { ConnectedPeers } from './ConnectedPeers.ts';
import { peerGroups, peerLabel } from './peerGroups.ts';

const peer = (peerId: string, role: ConnectedPeer['role'], since: number, device = 'Chrome on Android'): ConnectedPeer => ({
  peerId,
  role,
  since,
  address: '::ffff:192.168.1.20',
  device,
});

const peers = [
  peer('agent', 'ground', 1_000, 'Node.js'),
  peer('me', 'console', 50_000, 'Chrome on Linux'),
  peer('pilot-b', 'pilot', 40_000),
  peer('pose', 'processing', 2_000, 'Node.js'),
  peer('pilot-a', 'pilot', 30_000, 'Safari on iOS'),
  peer('viewer', 'viewer', 60_000),
];

describe('who is connected, as the console lists them', () => {
  it('puts phones first in the order they came, then consoles, then the services', () => {
    const groups = peerGroups(peers, { peerId: 'pilot-b', since: 45_000 }, 'me', 250_000);
    expect(groups.phones.map((p) => [p.peerId, p.roleName, p.holdsLease, p.connectedFor])).toEqual([
      ['pilot-a', 'Pilot', false, '3:40'],
      ['pilot-b', 'Pilot', true, '3:30'],
      ['viewer', 'Viewer', false, '3:10'],
    ]);
    expect(groups.consoles).toEqual([expect.objectContaining({ peerId: 'me', isMe: true, roleName: 'Console', address: '192.168.1.20' })]);
    expect(groups.services.map((p) => p.roleName)).toEqual(['Ground agent', 'Pose worker']);
    expect(peerGroups(peers, null, 'me', 250_000).phones.some((p) => p.holdsLease)).toBe(false);
  });

  it('names a peer for the log', () => {
    expect(peerLabel(peers, 'pilot-a')).toBe('pilot (Safari on iOS)');
    expect(peerLabel(peers, '0123456789abcdef')).toBe('peer 01234567');
  });

  it('follows the server\'s list', () => {
    const signaling = new ScriptedSignaling();
    const connected = new ConnectedPeers(signaling);
    expect(connected.peers.value).toEqual([]);
    signaling.emit('session:peers', { peers });
    expect(connected.peers.value).toBe(peers);
    connected.close();
    expect(signaling.listenerCount('session:peers')).toBe(0);
  });
});
