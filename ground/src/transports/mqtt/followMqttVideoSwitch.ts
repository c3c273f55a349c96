import { isSwitchedOff, type AvailableTransports } from '@dronecast/protocol';
import type { SignalingLink } from '@dronecast/peer';
import type { MqttPublisher } from './MqttPublisher.ts';

/**
 * Keeps the MQTT publisher's video in step with the console's switch. An external broker has no
 * demand signal and cannot refuse subscriptions, so the ground agent must stop publishing itself;
 * the SFU tells it, like every client, in the welcome and in `video:transports`. The last state
 * holds while the SFU is unreachable; a reconnect's welcome brings the current one. Returns a
 * function that stops following.
 */
export function followMqttVideoSwitch(link: Pick<SignalingLink, 'onServerEvent'>, publisher: Pick<MqttPublisher, 'setVideoSwitchedOff'>): () => void {
  const apply = (transports: AvailableTransports): void => publisher.setVideoSwitchedOff(isSwitchedOff(transports, 'mqtt'));
  const stopWelcome = link.onServerEvent('session:welcome', (welcome) => apply(welcome.transports));
  const stopChanges = link.onServerEvent('video:transports', apply);
  return () => {
    stopWelcome();
    stopChanges();
  };
}
