import type { Telemetry } from '@dronecast/protocol';

export type DroneLinkState = 'agent-offline' | 'no-telemetry' | 'disconnected' | 'link-lost' | 'connected';

export interface DroneLinkSummary {
  state: DroneLinkState;
  /** In words, for the console's link panel. */
  text: string;
}

/** The drone link as the console shows it, from the ground agent's presence and its telemetry. */
export function droneLinkSummary(telemetry: Telemetry | null, agentOnline: boolean): DroneLinkSummary {
  if (!agentOnline) return { state: 'agent-offline', text: 'The ground agent is not connected to the server: no drone link to show.' };
  if (!telemetry) return { state: 'no-telemetry', text: 'No word from the drone yet.' };
  if (telemetry.state === 'disconnected') return { state: 'disconnected', text: 'Disconnected: no drone link. Connect to one below.' };
  if (telemetry.linkLost) return { state: 'link-lost', text: `Link lost: no heartbeat from the drone (last seen ${telemetry.state}).` };
  const where = telemetry.state === 'connected' ? 'on the ground' : telemetry.state;
  return { state: 'connected', text: `Link up: ${where}, ${telemetry.flightMode} mode${telemetry.armed ? ', armed' : ''}.` };
}
