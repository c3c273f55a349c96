import type { AvailableTransports, MqttBrokerChoice } from '@dronecast/protocol';

/** The transports a page may offer, from the broker the SFU was started with. */
export function availableTransports(mqtt: MqttBrokerChoice): AvailableTransports {
  return { websocket: { available: true }, mqtt: mqttTransport(mqtt) };
}

function mqttTransport(mqtt: MqttBrokerChoice): AvailableTransports['mqtt'] {
  switch (mqtt.kind) {
    case 'none':
      return { available: false, reason: 'MQTT is off on this server (sockets-only mode)' };
    case 'embedded':
      return { available: true, url: null };
    case 'external': {
      // Browsers speak MQTT only over WebSocket; an mqtt:// or mqtts:// broker serves the tools and the ground agent.
      const protocol = new URL(mqtt.url).protocol;
      if (protocol === 'ws:' || protocol === 'wss:') return { available: true, url: mqtt.url };
      return { available: false, reason: `the MQTT broker (${protocol}//) has no WebSocket listener a browser can use` };
    }
  }
}
