import { isTransportAvailable, type AvailableTransports, type VideoTransport } from '@dronecast/protocol';

/** The page left a transport by itself because the server stopped offering it. */
export interface TransportFallback {
  from: VideoTransport;
  /** Plain words for the notice under the video. */
  notice: string;
}

export interface TransportChoice {
  transport: VideoTransport;
  fallback: TransportFallback | null;
}

/**
 * What a new offer from the server means for a page watching `choice.transport`. If that
 * transport is no longer offered (the console switched it off, or a restarted server lacks it),
 * the page shows WebRTC at once, with a notice naming the server's reason. A notice from an
 * earlier fallback goes once its transport is offered again: its button is enabled again, but
 * the page does not switch back by itself.
 */
export function afterOffer(choice: TransportChoice, offer: AvailableTransports): TransportChoice & { fellBack: boolean } {
  const { transport } = choice;
  if (transport !== 'webrtc' && !offer[transport].available) {
    return { transport: 'webrtc', fallback: { from: transport, notice: `${sentence(offer[transport].reason)}; showing WebRTC` }, fellBack: true };
  }
  const fallback = choice.fallback && !isTransportAvailable(offer, choice.fallback.from) ? choice.fallback : null;
  return { transport, fallback, fellBack: false };
}

function sentence(reason: string): string {
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}
