/** What the SFU's own parts report for /healthz and /metrics; main.ts wires these to the live objects. */
export interface SfuState {
  /** Workers asked for (--workers). */
  configuredWorkers: number;
  /** Signaling sockets by role (pilot, viewer, console, ground, processing). */
  peersByRole(): Record<string, number>;
  /** Websocket /frames subscribers. */
  frameSubscribers(): number;
  /** The embedded broker's clients and video subscribers; undefined without one. */
  mqtt(): { clients: number; videoSubscribers: number } | undefined;
  controlLeaseHeld(): boolean;
  droneAgentsOnline(): number;
  recordingsRunning(): number;
  /** True once graceful shutdown began. */
  stopping(): boolean;
}
