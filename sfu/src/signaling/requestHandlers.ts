import type { ParsedRequest, RequestName, Response, Role } from '@dronecast/protocol';
import type { DroneControl } from '../control/DroneControl.ts';
import type { DroneVideoSettings } from '../control/DroneVideoSettings.ts';
import { captureRequester } from '../gallery/captureAccess.ts';
import type { PoseControl } from '../control/PoseControl.ts';
import type { DroneCapture } from '../gallery/DroneCapture.ts';
import type { MediaPeer } from '../media/MediaPeer.ts';
import type { DroneTransportSwitches } from '../transports/DroneTransportSwitches.ts';

/** What a handler knows about the client that sent the request. */
export interface RequestContext {
  peerId: string;
  role: Role;
  /** This socket is the drone's ground agent (the only ground-role token). */
  agent: boolean;
  media: MediaPeer;
  control: DroneControl;
  video: DroneVideoSettings;
  /** Photos, recordings and the gallery of this client's drone. */
  capture: DroneCapture;
  pose: PoseControl;
  droneId: string;
  /** The JPEG fallbacks on offer for each drone. */
  transports: DroneTransportSwitches;
}

export type RequestHandlers = {
  [E in RequestName]: (context: RequestContext, request: ParsedRequest<E>) => Promise<Response<E>> | Response<E>;
};

/** What the server does for each validated request; authorization lives in MediaPeer and DroneControl. */
export const requestHandlers: RequestHandlers = {
  'clock:sync': (_context, { clientTime }) => ({ clientTime, serverTime: Date.now() }),
  'media:routerRtpCapabilities': async ({ media }) => ({ rtpCapabilities: await media.rtpCapabilities() }),
  'media:createTransport': ({ media }, request) => media.createTransport(request),
  'media:connectTransport': async ({ media }, request) => {
    await media.connectTransport(request);
    return {};
  },
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
  'drone:command': ({ control, peerId, role }, { command }) => control.command({ peerId, role }, command),
  'control:acquire': ({ control, peerId, role }) => ({ holder: control.acquire({ peerId, role }) }),
  'control:release': ({ control, peerId, role }) => ({ holder: control.release({ peerId, role }) }),
  'control:ask': ({ control, peerId, role }) => ({ holder: control.ask({ peerId, role }) }),
  'video:setQuality': ({ video, peerId, role }, change) => video.set({ peerId, role }, change),
  'video:setTransports': ({ transports, droneId, role }, change) => transports.set({ role }, droneId, change),
  'capture:photo': ({ capture, peerId, role }) => capture.photo(captureRequester(peerId, role)),
  'capture:startRecording': ({ capture, peerId, role }, { source }) => capture.startRecording(captureRequester(peerId, role), source),
  'capture:stopRecording': ({ capture, peerId, role }) => capture.stopRecording(captureRequester(peerId, role)),
  'gallery:list': ({ capture, peerId, role }, request) => capture.list(captureRequester(peerId, role), request),
  'gallery:delete': ({ capture, peerId, role }, request) => capture.delete(captureRequester(peerId, role), request),
  'pose:setControl': ({ pose, peerId, role }, change) => pose.set({ peerId, role }, change),
  'pose:command': ({ pose, peerId, role }, { pose: name, producerId }) => pose.command({ peerId, role }, name, producerId),
};
