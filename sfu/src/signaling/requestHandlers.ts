import type { ParsedRequest, RequestName, Response } from '@dronecast/protocol';
import type { DroneMember } from '../drone/DroneMember.ts';
import { captureRequester } from '../gallery/captureAccess.ts';
import type { DroneLinks } from '../links/DroneLinks.ts';
import { ProtocolError } from '@dronecast/protocol';

/** Who sent a request: a client attached to its drone. */
export type RequestContext = DroneMember;

export type RequestHandlers = {
  [E in RequestName]: (context: RequestContext, request: ParsedRequest<E>) => Promise<Response<E>> | Response<E>;
};

/** What the server does for each validated request; authorization lives in the drone's parts (MediaPeer, DroneControl, ...). */
export const requestHandlers: RequestHandlers = {
  'clock:sync': (_context, { clientTime }) => ({ clientTime, serverTime: Date.now() }),
  'media:routerRtpCapabilities': async ({ media }) => ({ rtpCapabilities: await media.rtpCapabilities() }),
  'media:createTransport': ({ media }, request) => media.createTransport(request),
  'media:connectTransport': async ({ media }, request) => {
    await media.connectTransport(request);
    return {};
  },
  'media:createPlainTransport': ({ media }, request) => media.createPlainTransport(request),
  'media:restartIce': ({ media }, request) => media.restartIce(request),
  'media:closeTransport': ({ media }, request) => {
    media.closeTransport(request);
    return {};
  },
  'media:transportStats': ({ media }, request) => media.transportStats(request),
  'media:produce': async ({ media }, request) => ({ producerId: (await media.produce(request)).info.producerId }),
  'media:closeProducer': ({ media }, request) => {
    media.closeProducer(request);
    return {};
  },
  'media:listProducers': async ({ media }) => ({ producers: media.listProducers(await media.attach()) }),
  'media:consume': ({ media }, request) => media.consume(request),
  'media:resumeConsumer': async ({ media }, request) => {
    await media.resumeConsumer(request);
    return {};
  },
  'drone:command': ({ drone, peerId, role }, { command }) => drone.control.command({ peerId, role }, command),
  'control:acquire': ({ drone, peerId, role }) => ({ holder: drone.control.acquire({ peerId, role }) }),
  'control:release': ({ drone, peerId, role }) => ({ holder: drone.control.release({ peerId, role }) }),
  'control:ask': ({ drone, peerId, role }) => ({ holder: drone.control.ask({ peerId, role }) }),
  'video:setQuality': ({ drone, peerId, role }, change) => drone.video.set({ peerId, role }, change),
  'video:setTransports': ({ drone, role }, change) => drone.transports.set({ role }, change),
  'capture:photo': ({ drone, peerId, role }) => drone.capture.photo(captureRequester(peerId, role)),
  'capture:startRecording': ({ drone, peerId, role }, { source }) => drone.capture.startRecording(captureRequester(peerId, role), source),
  'capture:stopRecording': ({ drone, peerId, role }) => drone.capture.stopRecording(captureRequester(peerId, role)),
  'gallery:list': ({ drone, peerId, role }, request) => drone.capture.list(captureRequester(peerId, role), request),
  'gallery:delete': ({ drone, peerId, role }, request) => drone.capture.delete(captureRequester(peerId, role), request),
  'pose:setControl': ({ drone, peerId, role }, change) => drone.pose.set({ peerId, role }, change),
  'pose:command': ({ drone, peerId, role }, { pose: name, producerId }) => drone.pose.command({ peerId, role }, name, producerId),
  'links:list': ({ drone, role }) => linksOf(drone.links).list({ role }),
  'links:issue': ({ drone, role }, request) => linksOf(drone.links).issue({ role }, request),
  'links:revoke': ({ drone, role }, request) => linksOf(drone.links).revoke({ role }, request),
};

function linksOf(links: DroneLinks | undefined): DroneLinks {
  if (!links) throw new ProtocolError('UNAVAILABLE', 'access links are not kept on this server');
  return links;
}
