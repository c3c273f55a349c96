import type { ParsedRequest, RequestName, Response } from '@dronecast/protocol';
import type { MediaPeer } from '../media/MediaPeer.ts';

export type RequestHandlers = {
  [E in RequestName]: (peer: MediaPeer, request: ParsedRequest<E>) => Promise<Response<E>> | Response<E>;
};

/** What the server does for each validated request; authorization lives in MediaPeer. */
export const requestHandlers: RequestHandlers = {
  'clock:sync': (_peer, { clientTime }) => ({ clientTime, serverTime: Date.now() }),
  'media:routerRtpCapabilities': async (peer) => ({ rtpCapabilities: await peer.rtpCapabilities() }),
  'media:createTransport': (peer, request) => peer.createTransport(request),
  'media:connectTransport': async (peer, request) => {
    await peer.connectTransport(request);
    return {};
  },
  'media:restartIce': (peer, request) => peer.restartIce(request),
  'media:transportStats': (peer, request) => peer.transportStats(request),
  'media:produce': async (peer, request) => ({ producerId: (await peer.produce(request)).info.producerId }),
  'media:closeProducer': (peer, request) => {
    peer.closeProducer(request);
    return {};
  },
  'media:listProducers': async (peer) => ({ producers: peer.listProducers(await peer.attach()) }),
  'media:consume': (peer, request) => peer.consume(request),
  'media:resumeConsumer': async (peer, request) => {
    await peer.resumeConsumer(request);
    return {};
  },
};
