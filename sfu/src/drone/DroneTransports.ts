import { EventEmitter } from 'node:events';
import { ProtocolError, type AvailableTransports, type Role, type SetTransportsRequest } from '@dronecast/protocol';

interface DroneTransportsEvents {
  changed: [transports: AvailableTransports];
}

const offReason = {
  websocket: 'the ground station switched websocket video off',
  mqtt: 'the ground station switched MQTT video off',
} as const;

/**
 * Which JPEG fallbacks one drone offers now: what the server has (its broker), minus what the
 * console switched off. WebRTC cannot be switched off: it is the main path.
 */
export class DroneTransports extends EventEmitter<DroneTransportsEvents> {
  private switchedOff = { websocket: false, mqtt: false };

  constructor(private readonly server: AvailableTransports) {
    super();
  }

  get current(): AvailableTransports {
    return {
      websocket: this.switchedOff.websocket ? { available: false, reason: offReason.websocket, switchedOff: true } : this.server.websocket,
      mqtt: this.switchedOff.mqtt && this.server.mqtt.available ? { available: false, reason: offReason.mqtt, switchedOff: true } : this.server.mqtt,
    };
  }

  set(requester: { role: Role }, change: SetTransportsRequest): AvailableTransports {
    if (requester.role !== 'console') throw new ProtocolError('FORBIDDEN', `a ${requester.role} cannot switch video transports (the ground console can)`);
    for (const transport of ['websocket', 'mqtt'] as const) {
      const server = this.server[transport];
      if (change[transport] === true && !server.available) throw new ProtocolError('INVALID_STATE', `cannot switch ${transport} on: ${server.reason}`);
    }
    const before = JSON.stringify(this.current);
    this.switchedOff = {
      websocket: change.websocket === undefined ? this.switchedOff.websocket : !change.websocket,
      mqtt: change.mqtt === undefined ? this.switchedOff.mqtt : !change.mqtt,
    };
    const after = this.current;
    if (JSON.stringify(after) !== before) this.emit('changed', after);
    return after;
  }
}
