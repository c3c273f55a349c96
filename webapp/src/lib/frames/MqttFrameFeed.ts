import type { MqttClient } from 'mqtt';
import { mqttTopics } from '@dronecast/protocol';
import type { FrameFeed, FrameFeedHandlers } from './FrameFeedTypes.ts';

/** CONNACK refusals that retrying cannot fix (MQTT 3.1.1 codes 1-5). */
const refusedPattern = /Connection refused|Bad username or password|Not authorized|Identifier rejected/i;

/**
 * The drone's JPEG frames from an MQTT broker over WebSocket (the SFU's embedded one, or an
 * external broker); the access token is the MQTT password. mqtt.js is loaded only when a page
 * picks MQTT, so the others don't download it.
 */
export class MqttFrameFeed implements FrameFeed {
  #client: MqttClient | null = null;
  #closed = false;

  constructor(url: string, token: string, droneId: string, handlers: FrameFeedHandlers) {
    handlers.onStatus({ state: 'connecting', message: 'Connecting to the MQTT broker…' });
    void import('mqtt')
      .then(({ default: mqtt }) => {
        if (this.#closed) return;
        const topic = mqttTopics.videoJpeg(droneId);
        const client = mqtt.connect(url, { username: 'dronecast', password: token, reconnectPeriod: 2_000, connectTimeout: 5_000 });
        this.#client = client;
        client.on('connect', () => {
          client.subscribe(topic, { qos: 0 }, (error) => {
            if (error) handlers.onStatus({ state: 'failed', message: `The MQTT broker refused the video topic: ${error.message}` });
            else handlers.onStatus({ state: 'subscribed', message: '' });
          });
        });
        client.on('message', (received, payload) => {
          if (received === topic) handlers.onMessage(payload);
        });
        client.on('error', (error) => {
          if (refusedPattern.test(error.message)) {
            client.end(true);
            handlers.onStatus({ state: 'failed', message: `The MQTT broker refused this link: ${error.message}` });
          }
        });
        client.on('offline', () => {
          if (!this.#closed) handlers.onStatus({ state: 'connecting', message: "Can't reach the MQTT broker. Retrying…" });
        });
      })
      .catch((error: unknown) => {
        handlers.onStatus({ state: 'failed', message: `Could not load the MQTT client: ${error instanceof Error ? error.message : String(error)}` });
      });
  }

  close(): void {
    this.#closed = true;
    this.#client?.end(true);
    this.#client = null;
  }
}
