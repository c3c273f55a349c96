import {
  compassDirections,
  defaultVideoQuality,
  droneEventTypes,
  flightModes,
  idleRecordingState,
  mediaSources,
  poseNames,
  resolutionPresets,
  type DroneCommand,
  type NotificationName,
  type NotificationPayload,
  type RequestName,
  type RequestPayload,
} from '@dronecast/protocol';
import { sampleTelemetry } from '@dronecast/protocol/testing';
import type { LiveIds } from './LiveIds.ts';
import type { Random } from '../support/Random.ts';

/**
 * A valid payload for every request of the contract, the start of each mutation. The mapped type
 * makes a new request in @dronecast/protocol fail the typecheck until it has a sample here, so the
 * fuzzer covers every request the server answers.
 */
export type RequestSamples = { readonly [E in RequestName]: (ids: LiveIds, random: Random) => RequestPayload<E> };

/** Well-formed DTLS and RTP, as a browser would send them (mediasoup judges the deep structure). */
const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD:'.repeat(15) + 'EF' }] };
const rtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }] }],
  headerExtensions: [],
  encodings: [{ ssrc: 1234 }],
  rtcp: { cname: 'fuzz' },
};
const rtpCapabilities = {
  codecs: [{ kind: 'video' as const, mimeType: 'video/VP8', preferredPayloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [] }],
  headerExtensions: [],
};

function droneCommand(random: Random): DroneCommand {
  const commands: DroneCommand[] = [
    // No `connection`: a fuzzed connection string would send the ground agent's MAVLink off loopback.
    { type: 'connect' },
    { type: 'arm' },
    { type: 'disarm' },
    { type: 'setMode', mode: random.pick(flightModes) },
    { type: 'takeoff', altitude: random.int(1, 100) },
    { type: 'go', direction: random.pick([...compassDirections, 'Stop' as const]) },
    { type: 'stick', forward: random.next() * 2 - 1, right: 0, up: 0, yaw: random.next() * 2 - 1 },
    { type: 'setSpeed', metersPerSecond: random.int(1, 15) },
    { type: 'heading', degrees: random.int(0, 360) },
    { type: 'goto', lat: random.next() * 180 - 90, lon: random.next() * 360 - 180, alt: random.int(1, 500) },
    { type: 'land' },
    { type: 'rtl' },
  ];
  // 'disconnect' is left to mutation (changing `type`): taking the drone off its link makes every later command an uninteresting link-down.
  return random.pick(commands);
}

export const requestSamples: RequestSamples = {
  'clock:sync': () => ({ clientTime: Date.now() }),
  'media:routerRtpCapabilities': () => ({}),
  'media:createTransport': (_ids, random) => ({ direction: random.pick(['send', 'recv'] as const) }),
  'media:connectTransport': (ids) => ({ transportId: ids.id('transport'), dtlsParameters }),
  'media:createPlainTransport': (_ids, random) => ({
    srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: Buffer.from(random.bytes(30)).toString('base64') },
  }),
  'media:restartIce': (ids) => ({ transportId: ids.id('transport') }),
  'media:closeTransport': (ids) => ({ transportId: ids.id('transport') }),
  'media:transportStats': (ids) => ({ transportId: ids.id('transport') }),
  'media:produce': (ids, random) => ({ transportId: ids.id('transport'), kind: 'video', source: random.pick(mediaSources), rtpParameters }),
  'media:closeProducer': (ids) => ({ producerId: ids.id('producer') }),
  'media:listProducers': () => ({}),
  'media:consume': (ids) => ({ transportId: ids.id('transport'), producerId: ids.id('producer'), rtpCapabilities }),
  'media:resumeConsumer': (ids) => ({ consumerId: ids.id('consumer') }),
  'drone:command': (_ids, random) => ({ command: droneCommand(random) }),
  'control:acquire': () => ({}),
  'control:release': () => ({}),
  'control:ask': () => ({}),
  'video:setQuality': (_ids, random) => ({ resolution: random.pick(resolutionPresets), fps: random.int(1, 30), jpegQuality: random.int(10, 95) }),
  'video:setTransports': (_ids, random) => ({ websocket: random.chance(0.5), mqtt: random.chance(0.8) }),
  'capture:photo': () => ({}),
  'capture:startRecording': (_ids, random) => (random.chance(0.5) ? {} : { source: 'drone-camera' }),
  'capture:stopRecording': () => ({}),
  'gallery:list': (ids, random) => ({ kind: random.pick(['photo', 'video'] as const), limit: random.int(1, 500), before: ids.id('gallery') }),
  'gallery:delete': (ids) => ({ id: ids.id('gallery') }),
  'pose:setControl': (_ids, random) => ({ enabled: random.chance(0.5), holdMs: random.int(200, 5000) }),
  'pose:command': (ids, random) => ({ pose: random.pick(poseNames.filter((name) => name !== 'none')), producerId: ids.id('producer') }),
  'links:list': () => ({}),
  'links:issue': (_ids, random) => ({ role: random.pick(['pilot', 'viewer'] as const), name: `fuzz ${random.int(0, 999)}`, ttlHours: random.int(1, 48) }),
  'links:revoke': (ids) => ({ id: ids.id('link') }),
};

/** A valid payload for every client notification (answered by nobody; only the ground agent, a pilot or the pose worker may send them). */
export const notificationSamples: { readonly [E in NotificationName]: (random: Random) => NotificationPayload<E> } = {
  'drone:telemetry': () => sampleTelemetry({ time: Date.now() }),
  'drone:event': (random) => ({ type: random.pick(droneEventTypes), message: 'fuzz', time: Date.now() }),
  'control:alive': () => ({}),
  'video:quality': () => defaultVideoQuality,
  'capture:recording': () => idleRecordingState,
  'gallery:changed': () => ({ type: 'removed', id: 'aaaaaaaaaaaa' }),
  'pose:seen': (random) => ({ producerId: crypto.randomUUID(), pose: random.pick(poseNames), fps: 10, inferenceMs: 20, droppedFrames: 0 }),
  'drone:groundStations': (random) => ({
    stations: random.chance(0.5)
      ? []
      : [{ kind: 'udp', address: '192.168.1.20:14550', since: Date.now(), lastHeardAt: null, linkUp: true, packetsIn: random.int(0, 1000), packetsOut: 0, packetsDropped: 0, mavlinkIds: ['255/190'] }],
  }),
};
