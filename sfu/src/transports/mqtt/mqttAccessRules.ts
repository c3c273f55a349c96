import { mqttDroneTopicPrefix, mqttTopicMatches, mqttTopics } from '@dronecast/protocol';
import type { TokenClaims } from '../../auth/TokenIssuer.ts';

/**
 * Who may do what on the embedded broker. A token is bound to one drone, so every topic (and
 * every subscription filter, wildcards included) must sit under that drone's prefix: a filter
 * such as "dronecast/+/telemetry" or "#" would reach other drones and is refused.
 */
export function mayPublish(claims: TokenClaims, topic: string): boolean {
  // Only the ground agent produces; viewers, pilots and processing only listen here.
  return claims.role === 'ground' && topic.startsWith(mqttDroneTopicPrefix(claims.drone));
}

export function maySubscribe(claims: TokenClaims, topicFilter: string): boolean {
  return topicFilter.startsWith(mqttDroneTopicPrefix(claims.drone));
}

/**
 * While a drone's MQTT video is switched off, a filter that reaches its video topic and nothing
 * else a tool reads (telemetry, events) is refused: ".../video/jpeg", ".../video/#", ".../+/jpeg".
 * A broad filter such as "dronecast/<drone>/#" is still granted for the telemetry; the broker
 * withholds the video from it instead.
 */
export function reachesOnlyVideo(droneId: string, topicFilter: string): boolean {
  return (
    mqttTopicMatches(topicFilter, mqttTopics.videoJpeg(droneId)) &&
    !mqttTopicMatches(topicFilter, mqttTopics.telemetry(droneId)) &&
    !mqttTopicMatches(topicFilter, mqttTopics.events(droneId))
  );
}
