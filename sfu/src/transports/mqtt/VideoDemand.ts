import { mqttTopicMatches, mqttTopics } from '@dronecast/protocol';

/** Topics look like dronecast/<droneId>/...; the access rules already keep clients to their drone. */
function droneOf(filter: string): string | undefined {
  const [root, droneId] = filter.split('/');
  return root === 'dronecast' && droneId && droneId !== '+' && droneId !== '#' ? droneId : undefined;
}

/**
 * Who is subscribed to each drone's JPEG video topic (directly or through a wildcard), so the
 * ground agent encodes frames for MQTT only while someone watches.
 */
export class VideoDemand {
  /** droneId -> clientId -> the client's filters that match that drone's video topic. */
  private readonly watchers = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly onChange: (droneId: string, subscribers: number) => void) {}

  count(droneId: string): number {
    return this.watchers.get(droneId)?.size ?? 0;
  }

  subscribed(clientId: string, filters: string[]): void {
    for (const filter of filters) {
      const droneId = droneOf(filter);
      if (!droneId || !mqttTopicMatches(filter, mqttTopics.videoJpeg(droneId))) continue;
      const clients = this.watchers.get(droneId) ?? new Map<string, Set<string>>();
      this.watchers.set(droneId, clients);
      const before = clients.size;
      clients.set(clientId, (clients.get(clientId) ?? new Set()).add(filter));
      if (clients.size !== before) this.onChange(droneId, clients.size);
    }
  }

  unsubscribed(clientId: string, filters: string[]): void {
    for (const [droneId, clients] of this.watchers) {
      const mine = clients.get(clientId);
      if (!mine) continue;
      for (const filter of filters) mine.delete(filter);
      if (mine.size === 0) {
        clients.delete(clientId);
        this.onChange(droneId, clients.size);
      }
    }
  }

  gone(clientId: string): void {
    for (const [droneId, clients] of this.watchers) {
      if (clients.delete(clientId)) this.onChange(droneId, clients.size);
    }
  }
}
