import type { DroneCaptures } from '../gallery/DroneCaptures.ts';
import type { SignalingServer } from '../signaling/SignalingServer.ts';
import type { EmbeddedBroker } from '../transports/mqtt/EmbeddedBroker.ts';
import type { FrameRelay } from '../transports/websocket/FrameRelay.ts';
import type { SfuState } from './SfuState.ts';

export interface LiveSfuParts {
  droneId: string;
  configuredWorkers: number;
  signaling: SignalingServer;
  frameRelay: FrameRelay;
  mqttBroker: EmbeddedBroker | undefined;
  captures: DroneCaptures;
  stopping(): boolean;
}

/** SfuState read from the running SFU's parts (this SFU carries one drone). */
export function liveSfuState(parts: LiveSfuParts): SfuState {
  const { droneId, signaling } = parts;
  return {
    configuredWorkers: parts.configuredWorkers,
    peersByRole: () => {
      const counts: Record<string, number> = {};
      for (const socket of signaling.io.sockets.sockets.values()) {
        const role = socket.data.claims?.role;
        if (role) counts[role] = (counts[role] ?? 0) + 1;
      }
      return counts;
    },
    frameSubscribers: () => parts.frameRelay.stats().subscribers.length,
    mqtt: () => (parts.mqttBroker ? { clients: parts.mqttBroker.connectedClients, videoSubscribers: parts.mqttBroker.videoSubscribers(droneId) } : undefined),
    controlLeaseHeld: () => signaling.controls.get(droneId).holder !== null,
    droneAgentsOnline: () => (signaling.controls.get(droneId).agentOnline ? 1 : 0),
    recordingsRunning: () => (parts.captures.get(droneId).recordingState.recording ? 1 : 0),
    stopping: parts.stopping,
  };
}
