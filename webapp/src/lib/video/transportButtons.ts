import { isSwitchedOff, videoTransports, type AvailableTransports, type VideoTransport } from '@dronecast/protocol';

export interface TransportButton {
  transport: VideoTransport;
  enabled: boolean;
  /** Why a disabled button is disabled, in the server's words; null when enabled. */
  reason: string | null;
}

/**
 * The transport buttons a page shows: each transport on offer, enabled; one the console switched
 * off, disabled with its reason (it may come back); none for what the server lacks altogether
 * (MQTT in sockets-only mode). Before the server's first word, all three.
 */
export function transportButtons(offer: AvailableTransports | null): TransportButton[] {
  return videoTransports.flatMap((transport): TransportButton[] => {
    if (transport === 'webrtc' || offer === null || offer[transport].available) return [{ transport, enabled: true, reason: null }];
    const state = offer[transport];
    return isSwitchedOff(offer, transport) ? [{ transport, enabled: false, reason: state.reason }] : [];
  });
}
