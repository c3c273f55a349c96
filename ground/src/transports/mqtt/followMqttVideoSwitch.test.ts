import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AvailableTransports, ServerEventName, ServerEvents } from '@dronecast/protocol';
import type { SignalingLink } from '@dronecast/peer';
import { followMqttVideoSwitch } from './followMqttVideoSwitch.ts';

const on: AvailableTransports = { websocket: { available: true }, mqtt: { available: true, url: 'ws://broker.lan:9001' } };
const off: AvailableTransports = { ...on, mqtt: { available: false, reason: 'the ground station switched MQTT video off', switchedOff: true } };
const lacking: AvailableTransports = { ...on, mqtt: { available: false, reason: 'the MQTT broker (mqtt://) has no WebSocket listener a browser can use' } };

/** The SFU's side of the link: server events as the real SignalingLink hands them on. */
function fakeLink(): Pick<SignalingLink, 'onServerEvent'> & { send<E extends ServerEventName>(event: E, payload: Parameters<ServerEvents[E]>[0]): void } {
  const events = new EventEmitter();
  return {
    onServerEvent: (event, listener) => {
      events.on(event, listener);
      return () => void events.off(event, listener);
    },
    send: (event, payload) => void events.emit(event, payload),
  };
}

describe('followMqttVideoSwitch', () => {
  it('pauses MQTT video while the console has it off, from the welcome and every change, until stopped', () => {
    const link = fakeLink();
    const told: boolean[] = [];
    const stop = followMqttVideoSwitch(link, { setVideoSwitchedOff: (paused) => void told.push(paused) });
    link.send('session:welcome', { peerId: 'p', role: 'ground', droneId: 'drone1', serverTime: 0, transports: off, mapTiles: null });
    link.send('video:transports', on);
    link.send('video:transports', off);
    stop();
    link.send('video:transports', on);
    expect(told).toEqual([true, false, true]);
  });

  it('keeps publishing when the SFU merely lacks a browser-reachable broker: MQTT tools still watch over mqtt://', () => {
    const link = fakeLink();
    const told: boolean[] = [];
    followMqttVideoSwitch(link, { setVideoSwitchedOff: (paused) => void told.push(paused) });
    link.send('video:transports', lacking);
    expect(told).toEqual([false]);
  });
});
