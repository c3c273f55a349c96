import fs from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { LoopbackStack } from '@dronecast/launcher';
import { mqttTopics } from '@dronecast/protocol';

/** An MQTT tool on the stack's embedded broker (MQTT over WebSocket), with a viewer token; no retries. */
export function connectMqttViewer(stack: LoopbackStack, token: string): Promise<MqttClient> {
  return mqtt.connectAsync(`wss://127.0.0.1:${stack.port}/mqtt`, {
    username: 'test',
    password: token,
    ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
    reconnectPeriod: 0,
  });
}

/** The embedded broker's retained count of MQTT video subscribers for a drone (what the ground agent hears). */
export async function mqttVideoDemand(stack: LoopbackStack, token: string, droneId: string): Promise<number | undefined> {
  const client = await connectMqttViewer(stack, token);
  try {
    const retained = new Promise<number | undefined>((resolve) => {
      client.once('message', (_topic, payload) => resolve((JSON.parse(payload.toString('utf8')) as { subscribers?: number }).subscribers));
      setTimeout(() => resolve(undefined), 3000);
    });
    await client.subscribeAsync(mqttTopics.videoDemand(droneId));
    return await retained;
  } finally {
    await client.endAsync();
  }
}
