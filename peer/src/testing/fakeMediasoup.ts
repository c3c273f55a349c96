import type { types } from 'mediasoup-client';
import { FakeHandler } from 'mediasoup-client/handlers/FakeHandler';
import type { TransportOptions } from '@dronecast/protocol';

// mediasoup-client's FakeHandler stands in for a peer connection: transports, producers and
// consumers run their real code, the 'connect' and 'produce' events fire as they do with a
// browser, and a test sets the connection state. No network, no codec, no SFU.

function vp8(preferredPayloadType: number): types.RtpCodecCapability {
  return { kind: 'video', mimeType: 'video/VP8', preferredPayloadType, clockRate: 90_000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] };
}

/** A router that speaks VP8, as the SFU's does. */
export const routerRtpCapabilities: types.RtpCapabilities = { codecs: [vp8(101)], headerExtensions: [] };

/** What the SFU's media:createTransport answers (ICE and DTLS values are never checked by the fake). */
export function fakeTransportOptions(id: string, iceServers?: TransportOptions['iceServers']): TransportOptions {
  return {
    id,
    iceParameters: { usernameFragment: `ufrag-${id}`, password: 'secret', iceLite: true },
    iceCandidates: [{ foundation: 'udpcandidate', priority: 1, address: '127.0.0.1', ip: '127.0.0.1', protocol: 'udp', port: 40_000, type: 'host' }],
    dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: '00:11:22:33' }] },
    ...(iceServers ? { iceServers } : {}),
  };
}

/** What the SFU's media:consume answers for a VP8 producer. */
export function consumerRtpParameters(): types.RtpParameters {
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90_000, rtcpFeedback: [] }],
    encodings: [{ ssrc: 11_111 }],
    headerExtensions: [],
    rtcp: { cname: 'sfu', reducedSize: true },
  };
}

/** Builds Devices on FakeHandler and keeps every handler made, newest last, for the test to drive. */
export class FakeDevices {
  readonly handlers: FakeHandler[] = [];
  readonly deviceOptions: types.DeviceOptions;

  constructor() {
    const base = FakeHandler.createFactory({
      generateNativeRtpCapabilities: () => ({ codecs: [vp8(96)], headerExtensions: [] }),
      generateLocalDtlsParameters: () => ({ role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB:CC:DD' }] }),
    });
    this.deviceOptions = {
      handlerFactory: {
        ...base,
        factory: (options) => {
          const handler = base.factory(options);
          if (handler instanceof FakeHandler) this.handlers.push(handler);
          return handler;
        },
      },
    };
  }

  /** The handler of the transport made last. */
  get latest(): FakeHandler {
    const handler = this.handlers.at(-1);
    if (!handler) throw new Error('no transport was made');
    return handler;
  }
}
