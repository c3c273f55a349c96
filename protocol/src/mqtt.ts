/** Where the SFU's embedded broker accepts MQTT over WebSocket (browsers, and the ground agent by default). */
export const mqttWebSocketPath = '/mqtt';

/** Every topic of one drone starts with this; the broker's access rules are written against it. */
export function mqttDroneTopicPrefix(droneId: string): string {
  return `dronecast/${droneId}/`;
}

/**
 * Which MQTT broker a process uses: the SFU's embedded one (default), an external one such as
 * mosquitto, or none at all (sockets-only mode). @dronecast/runtime reads it from --mqtt / --no-mqtt.
 */
export type MqttBrokerChoice = { kind: 'embedded' } | { kind: 'external'; url: string } | { kind: 'none' };

/** The embedded broker's WebSocket URL on the SFU: https://host:8443 -> wss://host:8443/mqtt. */
export function embeddedBrokerUrl(sfuUrl: string): string {
  const url = new URL(sfuUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = mqttWebSocketPath;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** The broker URL a ground agent connects to for a choice, or undefined for sockets-only mode. */
export function brokerUrlFor(choice: MqttBrokerChoice, sfuUrl: string): string | undefined {
  if (choice.kind === 'none') return undefined;
  return choice.kind === 'external' ? choice.url : embeddedBrokerUrl(sfuUrl);
}
