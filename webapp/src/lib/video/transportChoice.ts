import { videoTransportSchema, type VideoTransport } from '@dronecast/protocol';

const storageKey = 'dronecast.transport';

/**
 * The transport a page starts with: `?transport=` in its link (the benchmark and shared links),
 * else the one this phone picked last time, else WebRTC.
 */
export function initialTransport(href: string, storage: Pick<Storage, 'getItem'> | null): VideoTransport {
  const fromLink = videoTransportSchema.safeParse(new URL(href).searchParams.get('transport'));
  if (fromLink.success) return fromLink.data;
  const remembered = videoTransportSchema.safeParse(safely(() => storage?.getItem(storageKey)));
  return remembered.success ? remembered.data : 'webrtc';
}

export function rememberTransport(storage: Pick<Storage, 'setItem'> | null, transport: VideoTransport): void {
  // Private browsing may refuse storage; the choice then lasts for this page only.
  safely(() => storage?.setItem(storageKey, transport));
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
