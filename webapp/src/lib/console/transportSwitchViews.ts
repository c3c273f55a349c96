import { isSwitchedOff, switchableTransports, type AvailableTransports, type SwitchableTransport } from '@dronecast/protocol';

export interface TransportSwitchView {
  transport: SwitchableTransport;
  name: string;
  on: boolean;
  /** The server lacks it altogether (no broker a browser can reach): it cannot be switched on. */
  absent: boolean;
  /** Why it is off or absent, in the server's words; null while on. */
  reason: string | null;
}

const names: Record<SwitchableTransport, string> = { websocket: 'Websocket video', mqtt: 'MQTT video' };

/** One switch per JPEG fallback, as the console shows them (WebRTC, the main path, has none). */
export function transportSwitchViews(transports: AvailableTransports): TransportSwitchView[] {
  return switchableTransports.map((transport) => {
    const state = transports[transport];
    return {
      transport,
      name: names[transport],
      on: state.available,
      absent: !state.available && !isSwitchedOff(transports, transport),
      reason: state.available ? null : state.reason,
    };
  });
}
