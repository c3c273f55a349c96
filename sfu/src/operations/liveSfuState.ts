import type { Drones } from '../drone/Drones.ts';
import type { SignalingIo } from '../signaling/signalingIo.ts';
import type { EmbeddedBroker } from '../transports/mqtt/EmbeddedBroker.ts';
import type { FrameRelay } from '../transports/websocket/FrameRelay.ts';
import type { SfuState } from './SfuState.ts';

export interface LiveSfuParts {
  droneId: string;
  configuredWorkers: number;
  io: SignalingIo;
  drones: Drones;
  frameRelay: FrameRelay;
  mqttBroker: EmbeddedBroker | undefined;
  stopping(): boolean;
}

/** SfuState read from the running SFU's parts (this SFU carries one drone). */
export function liveSfuState(parts: LiveSfuParts): SfuState {
  const { droneId, io, drones } = parts;
  return {
    configuredWorkers: parts.configuredWorkers,
    peersByRole: () => {
      const counts: Record<string, number> = {};
      for (const socket of io.sockets.sockets.values()) {
        const role = socket.data.claims?.role;
        if (role) counts[role] = (counts[role] ?? 0) + 1;
      }
      return counts;
    },
    frameSubscribers: () => parts.frameRelay.stats().subscribers.length,
    mqtt: () => (parts.mqttBroker ? { clients: parts.mqttBroker.connectedClients, videoSubscribers: parts.mqttBroker.videoSubscribers(droneId) } : undefined),
    controlLeaseHeld: () => drones.get(droneId).control.holder !== null,
    droneAgentsOnline: () => (drones.get(droneId).control.agentOnline ? 1 : 0),
    recordingsRunning: () => (drones.get(droneId).capture.recordingState.recording ? 1 : 0),
    stopping: parts.stopping,
  };
}
