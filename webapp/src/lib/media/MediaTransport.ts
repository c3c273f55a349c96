import { MediaTransport as SharedMediaTransport, type MediaTransportOptions } from '@dronecast/peer/transport';
import type { TransportDirection } from '@dronecast/protocol';
import type { Signaling } from '../session/SessionTypes.ts';
import { relayOnlyRequested } from './relayOnly.ts';

export type { MediaTransportOptions };

/** The page's media transports: the one shared setup and ICE policy (@dronecast/peer/transport). */
export type MediaTransport = SharedMediaTransport;

export const MediaTransport = {
  /** Opens a transport; through TURN only when the page's link says so (`?relay=1`) and the caller doesn't. */
  open(signaling: Signaling, direction: TransportDirection, options: MediaTransportOptions): Promise<MediaTransport> {
    const relayOnly = relayOnlyRequested(globalThis.location?.href);
    return SharedMediaTransport.open(signaling, direction, { ...(relayOnly ? { iceTransportPolicy: 'relay' } : {}), ...options });
  },
};
