import { z } from 'zod';
import { ipFlag } from '@dronecast/runtime';

/**
 * SFU flags for the embedded broker's plain-TCP listener. It defaults to loopback because the
 * MQTT password is an access token and plain TCP carries it unencrypted; browsers and the ground
 * agent use the WebSocket path on the HTTPS server instead.
 */
export const embeddedBrokerFlags = {
  'mqtt-host': { type: 'string' },
  'mqtt-port': { type: 'string' },
} as const;

export const embeddedBrokerUsage = `  --mqtt-host <ip>          address of the embedded broker's plain MQTT over TCP listener (default 127.0.0.1)
  --mqtt-port <n>           its port (default 1883; 0 = no TCP listener, WebSocket only)`;

/** Spread into the config's z.object({...}). */
export const embeddedBrokerFlagSchema = {
  'mqtt-host': ipFlag('mqtt-host').default('127.0.0.1'),
  'mqtt-port': z.coerce
    .number({ error: '--mqtt-port must be a number' })
    .int('--mqtt-port must be a whole number')
    .min(0, '--mqtt-port must be 0-65535')
    .max(65535, '--mqtt-port must be 0-65535')
    .default(1883),
};

/** The parsed values as EmbeddedBrokerOptions['tcp']. */
export function embeddedBrokerTcp(values: { 'mqtt-host': string; 'mqtt-port': number }): { host: string; port: number } {
  return { host: values['mqtt-host'], port: values['mqtt-port'] };
}
