import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '../cli.ts';
import { mqttBrokerChoiceArgs, parseMqttBrokerChoice } from './mqttBrokerFlags.ts';

describe('choosing the MQTT broker', () => {
  it('uses the embedded broker by default, an external one by URL, or none', () => {
    expect(parseMqttBrokerChoice({})).toEqual({ kind: 'embedded' });
    expect(parseMqttBrokerChoice({ mqtt: 'mqtt://10.0.0.2:1883' })).toEqual({ kind: 'external', url: 'mqtt://10.0.0.2:1883' });
    expect(parseMqttBrokerChoice({ mqtt: 'wss://broker.example/mqtt' })).toEqual({ kind: 'external', url: 'wss://broker.example/mqtt' });
    expect(parseMqttBrokerChoice({ 'no-mqtt': true })).toEqual({ kind: 'none' });
  });

  it('explains a bad URL and contradictory flags', () => {
    expect(usageErrorOf(() => parseMqttBrokerChoice({ mqtt: 'localhost:1883' }))).toMatch(/must start with mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//);
    expect(usageErrorOf(() => parseMqttBrokerChoice({ mqtt: 'http://x' }))).toMatch(/not http:\/\//);
    expect(usageErrorOf(() => parseMqttBrokerChoice({ mqtt: 'nonsense' }))).toMatch(/must be a broker URL such as mqtt:\/\/127.0.0.1:1883/);
    expect(usageErrorOf(() => parseMqttBrokerChoice({ mqtt: 'mqtt://x', 'no-mqtt': true }))).toMatch(/cannot be used together/);
  });

  it('turns a choice back into flags for child processes', () => {
    for (const values of [{}, { mqtt: 'mqtt://h:1883' }, { 'no-mqtt': true }]) {
      const choice = parseMqttBrokerChoice(values);
      const [flag, url] = mqttBrokerChoiceArgs(choice);
      expect(parseMqttBrokerChoice(flag === '--mqtt' ? { mqtt: url } : { 'no-mqtt': flag === '--no-mqtt' })).toEqual(choice);
    }
  });
});
