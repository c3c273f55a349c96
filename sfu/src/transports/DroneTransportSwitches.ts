import { EventEmitter } from 'node:events';
import { ProtocolError, type AvailableTransports, type Role, type SetTransportsRequest } from '@dronecast/protocol';

interface SwitchEvents {
  /** A drone's transports changed: tell its clients (and the frame paths, which close what went off). */
  changed: [droneId: string, transports: AvailableTransports];
}

const offReason = {
  websocket: 'the ground station switched websocket video off',
  mqtt: 'the ground station switched MQTT video off',
} as const;

/**
 * Which JPEG fallbacks each drone offers now: what the server has (its broker), minus what the
 * console switched off. WebRTC cannot be switched off: it is the main path.
 */
export class DroneTransportSwitches extends EventEmitter<SwitchEvents> {
  private readonly switchedOff = new Map<string, { websocket: boolean; mqtt: boolean }>();

  constructor(private readonly server: AvailableTransports) {
    super();
  }

  current(droneId: string): AvailableTransports {
    const off = this.switchedOff.get(droneId);
    return {
      websocket: off?.websocket ? { available: false, reason: offReason.websocket, switchedOff: true } : this.server.websocket,
      mqtt: off?.mqtt && this.server.mqtt.available ? { available: false, reason: offReason.mqtt, switchedOff: true } : this.server.mqtt,
    };
  }

  set(requester: { role: Role }, droneId: string, change: SetTransportsRequest): AvailableTransports {
    if (requester.role !== 'console') throw new ProtocolError('FORBIDDEN', `a ${requester.role} cannot switch video transports (the ground console can)`);
    for (const transport of ['websocket', 'mqtt'] as const) {
      const server = this.server[transport];
      if (change[transport] === true && !server.available) throw new ProtocolError('INVALID_STATE', `cannot switch ${transport} on: ${server.reason}`);
    }
    const before = this.current(droneId);
    const off = this.switchedOff.get(droneId) ?? { websocket: false, mqtt: false };
    const next = {
      websocket: change.websocket === undefined ? off.websocket : !change.websocket,
      mqtt: change.mqtt === undefined ? off.mqtt : !change.mqtt,
    };
    this.switchedOff.set(droneId, next);
    const after = this.current(droneId);
    if (JSON.stringify(before) !== JSON.stringify(after)) this.emit('changed', droneId, after);
    return after;
  }
}
