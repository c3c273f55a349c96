import { mqttTopicMatches, mqttTopics } from '@dronecast/protocol';

/** Topics look like dronecast/<droneId>/...; the access rules already keep clients to their drone. */
function droneOf(filter: string): string | undefined {
  const [root, droneId] = filter.split('/');
  return root === 'dronecast' && droneId && droneId !== '+' && droneId !== '#' ? droneId : undefined;
}

/**
 * Who is subscribed to each drone's JPEG video topic (directly or through a wildcard), so the
 * ground agent encodes frames for MQTT only while someone watches. While the console has a
 * drone's MQTT video off the demand is zero, whoever still holds a broad filter.
 */
export class VideoDemand {
  /** droneId -> clientId -> the client's filters that match that drone's video topic. */
  private readonly watchers = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly onChange: (droneId: string, subscribers: number) => void,
    private readonly switchedOff: (droneId: string) => boolean = () => false,
  ) {}

  count(droneId: string): number {
    return this.switchedOff(droneId) ? 0 : (this.watchers.get(droneId)?.size ?? 0);
  }

  /** The clients watching a drone's video and the filters through which they do. */
  watching(droneId: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.watchers.get(droneId) ?? new Map();
  }

  /** Tells the count again, after the drone's video was switched off or on. */
  announce(droneId: string): void {
    this.onChange(droneId, this.count(droneId));
  }

  subscribed(clientId: string, filters: string[]): void {
    for (const filter of filters) {
      const droneId = droneOf(filter);
      if (!droneId || !mqttTopicMatches(filter, mqttTopics.videoJpeg(droneId))) continue;
      const clients = this.watchers.get(droneId) ?? new Map<string, Set<string>>();
      this.watchers.set(droneId, clients);
      const before = clients.size;
      clients.set(clientId, (clients.get(clientId) ?? new Set()).add(filter));
      if (clients.size !== before) this.changed(droneId);
    }
  }

  unsubscribed(clientId: string, filters: string[]): void {
    for (const [droneId, clients] of this.watchers) {
      const mine = clients.get(clientId);
      if (!mine) continue;
      for (const filter of filters) mine.delete(filter);
      if (mine.size === 0) {
        clients.delete(clientId);
        this.changed(droneId);
      }
    }
  }

  gone(clientId: string): void {
    for (const [droneId, clients] of this.watchers) {
      if (clients.delete(clientId)) this.changed(droneId);
    }
  }

  /** While switched off the demand stays zero: nothing to tell. */
  private changed(droneId: string): void {
    if (!this.switchedOff(droneId)) this.announce(droneId);
  }
}
