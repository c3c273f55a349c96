import { describe, expect, it } from 'vitest';
import type { AvailableTransports } from '@dronecast/protocol';
import { afterOffer } from './transportFallback.ts';

const allOn: AvailableTransports = { websocket: { available: true }, mqtt: { available: true, url: null } };
const websocketOff: AvailableTransports = { ...allOn, websocket: { available: false, reason: 'the ground station switched websocket video off', switchedOff: true } };
const mqttOff: AvailableTransports = { ...allOn, mqtt: { available: false, reason: 'the ground station switched MQTT video off', switchedOff: true } };
const socketsOnly: AvailableTransports = { ...allOn, mqtt: { available: false, reason: 'MQTT is off on this server (sockets-only mode)' } };

describe('afterOffer', () => {
  it('falls back to WebRTC at once when the transport watched is switched off, naming the reason', () => {
    expect(afterOffer({ transport: 'websocket', fallback: null }, websocketOff)).toEqual({
      transport: 'webrtc',
      fallback: { from: 'websocket', notice: 'The ground station switched websocket video off; showing WebRTC' },
      fellBack: true,
    });
    expect(afterOffer({ transport: 'mqtt', fallback: null }, mqttOff).fallback?.notice).toBe('The ground station switched MQTT video off; showing WebRTC');
    expect(afterOffer({ transport: 'mqtt', fallback: null }, socketsOnly).fallback?.notice).toBe('MQTT is off on this server (sockets-only mode); showing WebRTC');
  });

  it('leaves a page alone when another transport goes off', () => {
    expect(afterOffer({ transport: 'webrtc', fallback: null }, websocketOff)).toEqual({ transport: 'webrtc', fallback: null, fellBack: false });
    expect(afterOffer({ transport: 'mqtt', fallback: null }, websocketOff)).toEqual({ transport: 'mqtt', fallback: null, fellBack: false });
  });

  it('keeps the notice while its transport stays off, drops it once it is back, and never switches back by itself', () => {
    const fellBack = afterOffer({ transport: 'websocket', fallback: null }, websocketOff);
    const stillOff = afterOffer(fellBack, { ...websocketOff, mqtt: mqttOff.mqtt });
    expect(stillOff).toEqual({ transport: 'webrtc', fallback: fellBack.fallback, fellBack: false });
    expect(afterOffer(stillOff, allOn)).toEqual({ transport: 'webrtc', fallback: null, fellBack: false });
  });
});
