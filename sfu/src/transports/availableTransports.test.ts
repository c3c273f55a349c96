import { describe, expect, it } from 'vitest';
import { availableTransportsSchema } from '@dronecast/protocol';
import { availableTransports } from './availableTransports.ts';

describe('availableTransports', () => {
  it('offers the embedded broker on the page origin', () => {
    expect(availableTransports({ kind: 'embedded' })).toEqual({ websocket: { available: true }, mqtt: { available: true, url: null } });
  });

  it('hides MQTT in sockets-only mode, with a reason', () => {
    const mqtt = availableTransports({ kind: 'none' }).mqtt;
    expect(mqtt).toMatchObject({ available: false, reason: expect.stringMatching(/sockets-only/) });
  });

  it('offers an external broker only over WebSocket', () => {
    expect(availableTransports({ kind: 'external', url: 'wss://broker.lan:8884/mqtt' }).mqtt).toEqual({ available: true, url: 'wss://broker.lan:8884/mqtt' });
    expect(availableTransports({ kind: 'external', url: 'mqtt://127.0.0.1:1883' }).mqtt).toMatchObject({ available: false, reason: expect.stringMatching(/WebSocket/) });
  });

  it('always fits the welcome schema', () => {
    for (const choice of [{ kind: 'none' }, { kind: 'embedded' }, { kind: 'external', url: 'mqtts://x:8883' }] as const) {
      expect(availableTransportsSchema.safeParse(availableTransports(choice)).success).toBe(true);
    }
  });
});
