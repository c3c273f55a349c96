import type { AvailableTransports } from '@dronecast/protocol';

/** What the frame paths (websocket relay, MQTT broker) need of the drones' transport switches. */
export interface TransportSwitchboard {
  current(droneId: string): AvailableTransports;
  /** Calls back on every drone's change; returns the way to stop. */
  onSwitched(listener: (droneId: string, transports: AvailableTransports) => void): () => void;
}
