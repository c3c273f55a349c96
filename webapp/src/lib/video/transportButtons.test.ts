import { describe, expect, it } from 'vitest';
import type { AvailableTransports } from '@dronecast/protocol';
import { transportButtons } from './transportButtons.ts';

const allOn: AvailableTransports = { websocket: { available: true }, mqtt: { available: true, url: null } };

describe('transportButtons', () => {
  it('offers all three, enabled, when everything is on and before the server has said anything', () => {
    const all = ['webrtc', 'websocket', 'mqtt'].map((transport) => ({ transport, enabled: true, reason: null }));
    expect(transportButtons(allOn)).toEqual(all);
    expect(transportButtons(null)).toEqual(all);
  });

  it('shows a switched-off transport disabled with its reason, and hides one the server lacks', () => {
    const offer: AvailableTransports = {
      websocket: { available: false, reason: 'the ground station switched websocket video off', switchedOff: true },
      mqtt: { available: false, reason: 'MQTT is off on this server (sockets-only mode)' },
    };
    expect(transportButtons(offer)).toEqual([
      { transport: 'webrtc', enabled: true, reason: null },
      { transport: 'websocket', enabled: false, reason: 'the ground station switched websocket video off' },
    ]);
  });
});
