import { describe, expect, it } from 'vitest';
import { brokerUrlFor, embeddedBrokerUrl, mqttDroneTopicPrefix } from './mqtt.ts';
import { mqttTopics } from './frames.ts';

describe('where the MQTT broker is', () => {
  it("finds the embedded broker on the SFU's web server", () => {
    expect(embeddedBrokerUrl('https://192.168.1.5:8443')).toBe('wss://192.168.1.5:8443/mqtt');
    expect(embeddedBrokerUrl('http://127.0.0.1:8080/')).toBe('ws://127.0.0.1:8080/mqtt');
    expect(brokerUrlFor({ kind: 'embedded' }, 'https://h:8443')).toBe('wss://h:8443/mqtt');
    expect(brokerUrlFor({ kind: 'external', url: 'mqtt://m:1883' }, 'https://h:8443')).toBe('mqtt://m:1883');
    expect(brokerUrlFor({ kind: 'none' }, 'https://h:8443')).toBeUndefined();
  });

  it("puts every drone topic under the drone's prefix", () => {
    for (const topic of Object.values(mqttTopics)) expect(topic('kite-2').startsWith(mqttDroneTopicPrefix('kite-2'))).toBe(true);
  });
});
