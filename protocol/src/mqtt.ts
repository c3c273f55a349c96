import { UsageError } from './cli.ts';

/** Where the SFU's embedded broker accepts MQTT over WebSocket (browsers, and the ground agent by default). */
export const mqttWebSocketPath = '/mqtt';

/** Every topic of one drone starts with this; the broker's access rules are written against it. */
export function mqttDroneTopicPrefix(droneId: string): string {
  return `dronecast/${droneId}/`;
}

/**
 * Which MQTT broker a process uses: the SFU's embedded one (default), an external one such as
 * mosquitto, or none at all (sockets-only mode).
 */
export type MqttBrokerChoice = { kind: 'embedded' } | { kind: 'external'; url: string } | { kind: 'none' };

/** Flag specs to spread into a process's FlagSpec. */
export const mqttBrokerFlags = {
  mqtt: { type: 'string' },
  'no-mqtt': { type: 'boolean' },
} as const;

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
