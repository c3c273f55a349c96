import type { TestClient } from './signalingClient.ts';

export interface RawConsumer {
  /** The consume request's answer: ok with the consumer's RTP parameters, or the refusal. */
  answer: Awaited<ReturnType<TestClient['send']>>;
  rtpParameters: { codecs: { mimeType: string }[]; headerExtensions: { uri: string }[] } | undefined;
}

/**
 * Consumes the drone camera as a raw client (no browser): what the SFU would send a device
 * with these capabilities (by default the router's own, i.e. everything it offers).
 */
export async function consumeDroneCamera(client: TestClient, capabilities?: (router: RouterCapabilities) => RouterCapabilities): Promise<RawConsumer> {
  const listed = await client.send('media:listProducers', {});
  const producers = listed.ok ? (listed.data as { producers: { producerId: string; source: string }[] }).producers : [];
  const drone = producers.find((p) => p.source === 'drone-camera');
  if (!drone) throw new Error(`no drone-camera producer: ${JSON.stringify(listed)}`);
  const transport = await client.send('media:createTransport', { direction: 'recv' });
  if (!transport.ok) throw new Error(`no receive transport: ${transport.error.message}`);
  const caps = await client.send('media:routerRtpCapabilities', {});
  if (!caps.ok) throw new Error(`no router capabilities: ${caps.error.message}`);
  const router = (caps.data as { rtpCapabilities: RouterCapabilities }).rtpCapabilities;
  const answer = await client.send('media:consume', {
    transportId: (transport.data as { id: string }).id,
    producerId: drone.producerId,
    rtpCapabilities: capabilities ? capabilities(router) : router,
  });
  return { answer, rtpParameters: answer.ok ? (answer.data as { rtpParameters: RawConsumer['rtpParameters'] }).rtpParameters : undefined };
}

export interface RouterCapabilities {
  codecs: { mimeType: string }[];
  headerExtensions: unknown[];
}

export { playoutDelayUri } from '@dronecast/protocol';
