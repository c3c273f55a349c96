import type { VideoTransport } from '@dronecast/protocol';

/**
 * How each transport looks in the panels, charts and table: its name, a colour that reads on
 * white, and a dash pattern so the lines differ without colour too.
 */
export const transportStyle: Record<VideoTransport, { name: string; color: string; dash: number[] }> = {
  webrtc: { name: 'WebRTC', color: '#0550ae', dash: [] },
  websocket: { name: 'Websocket', color: '#bc4c00', dash: [8, 4] },
  mqtt: { name: 'MQTT', color: '#8250df', dash: [2, 3] },
};
