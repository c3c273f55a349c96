import { z } from 'zod';
import type { MqttBrokerChoice } from '@dronecast/protocol';
import { UsageError } from '../usageError.ts';

/** Flag specs to spread into a process's FlagSpec. */
export const mqttBrokerFlags = {
  mqtt: { type: 'string' },
  'no-mqtt': { type: 'boolean' },
} as const;

/** Spread into the config's z.object({...}); parseMqttBrokerChoice checks the values together. */
export const mqttBrokerFlagSchema = {
  mqtt: z.string().optional(),
  'no-mqtt': z.boolean().optional(),
};

export const mqttBrokerUsage = `  --mqtt <url>              external MQTT broker: mqtt://, mqtts://, ws:// or wss:// (default: the SFU's embedded broker)
  --no-mqtt                 no MQTT at all (sockets-only mode)`;

const brokerProtocols = ['mqtt:', 'mqtts:', 'ws:', 'wss:'];

/** Turns the --mqtt / --no-mqtt values into a choice; a bad URL or both flags is a UsageError. */
export function parseMqttBrokerChoice(values: { mqtt?: string | undefined; 'no-mqtt'?: boolean | undefined }): MqttBrokerChoice {
  if (values['no-mqtt'] && values.mqtt !== undefined) throw new UsageError('--mqtt and --no-mqtt cannot be used together');
  if (values['no-mqtt']) return { kind: 'none' };
  if (values.mqtt === undefined) return { kind: 'embedded' };
  let url: URL;
  try {
    url = new URL(values.mqtt);
  } catch {
    throw new UsageError(`--mqtt must be a broker URL such as mqtt://127.0.0.1:1883, not "${values.mqtt}"`);
  }
  if (!brokerProtocols.includes(url.protocol)) {
    throw new UsageError(`--mqtt must start with mqtt://, mqtts://, ws:// or wss://, not ${url.protocol}//`);
  }
  return { kind: 'external', url: values.mqtt };
}

/** The choice back as flags, for the launcher to pass on to the processes it starts. */
export function mqttBrokerChoiceArgs(choice: MqttBrokerChoice): string[] {
  if (choice.kind === 'none') return ['--no-mqtt'];
  if (choice.kind === 'external') return ['--mqtt', choice.url];
  return [];
}
