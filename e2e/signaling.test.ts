import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, ProducerInfo } from '@dronecast/protocol';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';

let stack: LoopbackStack;
let viewer: TestClient;
let certsDir: string;

function refusalCode(ack: Ack<unknown>): string {
  return refusal(ack).code;
}

function refusal(ack: Ack<unknown>): { code: string; message: string } {
  if (ack.ok) throw new Error(`expected a refusal, got ${JSON.stringify(ack.data).slice(0, 200)}`);
  return ack.error;
}

async function droneProducer(client: TestClient): Promise<ProducerInfo> {
  for (let i = 0; i < 100; i++) {
    const ack = await client.send('media:listProducers', {});
    if (ack.ok) {
      const found = (ack.data as { producers: ProducerInfo[] }).producers.find((p) => p.source === 'drone-camera');
      if (found) return found;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the ground agent never produced drone-camera\n${await stack.logs()}`);
}

/** A recv transport and the router's capabilities: what a client needs before it can consume. */
async function recvSetup(client: TestClient): Promise<{ transportId: string; rtpCapabilities: unknown }> {
  const transport = await client.send('media:createTransport', { direction: 'recv' });
  const caps = await client.send('media:routerRtpCapabilities', {});
  if (!transport.ok || !caps.ok) throw new Error(`setup refused: ${JSON.stringify([transport, caps]).slice(0, 300)}`);
  return { transportId: (transport.data as { id: string }).id, rtpCapabilities: (caps.data as { rtpCapabilities: unknown }).rtpCapabilities };
}

beforeAll(async () => {
  stack = await startLoopbackStack();
  certsDir = path.join(stack.dir, 'certs');
  viewer = await connectClient(stack.origin, tokenOf(stack.viewerUrl), certsDir);
}, 120_000);

afterAll(async () => {
  viewer?.close();
  await stack?.stop();
});

describe('signaling refuses bad input with a reason and keeps serving', () => {
  it('welcomes a client with its role', () => {
    expect(viewer.welcome).toMatchObject({ role: 'viewer', droneId: 'drone1' });
  });

  it('refuses a forged token at connection time', async () => {
    const forged = `${Buffer.from(JSON.stringify({ v: 1, role: 'pilot', drone: 'drone1', sub: 'x' })).toString('base64url')}.AAAA`;
    await expect(connectClient(stack.origin, forged, certsDir)).rejects.toThrow(/not issued by this server/);
    await expect(connectClient(stack.origin, '', certsDir)).rejects.toThrow(/token/);
  });

  it('answers malformed payloads with INVALID_PAYLOAD and the field at fault', async () => {
    const error = refusal(await viewer.send('media:createTransport', { direction: 42 }));
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.message).toMatch(/direction/);
    expect(refusal(await viewer.send('media:createTransport', 'recv')).code).toBe('INVALID_PAYLOAD');
    expect(refusal(await viewer.send('media:createTransport')).code).toBe('INVALID_PAYLOAD');
    expect(refusal(await viewer.send('media:createTransport', { direction: 'recv' }, 'extra')).code).toBe('INVALID_PAYLOAD');
  });

  it('answers oversized payloads with PAYLOAD_TOO_LARGE', async () => {
    const error = refusal(await viewer.send('media:connectTransport', { transportId: 't', dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'x'.repeat(200_000) }] } }));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown events with UNKNOWN_EVENT', async () => {
    expect(refusal(await viewer.send('drone:selfDestruct', {})).code).toBe('UNKNOWN_EVENT');
  });

  it('refuses a viewer sending video, and a second ground agent', async () => {
    const error = refusal(await viewer.send('media:createTransport', { direction: 'send' }));
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(error.message).toMatch(/viewer cannot send/);

    // The agent is connected once its drone camera is there.
    await droneProducer(viewer);
    // A second connection with the ground token is refused while the agent is connected (one agent
    // per drone); that the ground role may not consume the drone camera is MediaPeer's unit test.
    await expect(connectClient(stack.origin, stack.stack.ready.tokens.ground, certsDir)).rejects.toThrow(/a ground agent is already connected/);
  });

  it('refuses an unknown producer or transport id with NOT_FOUND', async () => {
    const { transportId, rtpCapabilities } = await recvSetup(viewer);
    const error = refusal(await viewer.send('media:consume', { transportId, producerId: 'no-such-producer', rtpCapabilities }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/no producer no-such-producer/);
    expect(refusal(await viewer.send('media:consume', { transportId: 'nope', producerId: 'x', rtpCapabilities })).code).toBe('NOT_FOUND');
  });

  it('refuses to resume a consumer before its transport is connected', async () => {
    const producer = await droneProducer(viewer);
    const consume = await viewer.send('media:consume', { ...(await recvSetup(viewer)), producerId: producer.producerId });
    if (!consume.ok) throw new Error(`consume refused: ${consume.error.message}`);
    const error = refusal(await viewer.send('media:resumeConsumer', { consumerId: (consume.data as { consumerId: string }).consumerId }));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toMatch(/connect the transport/);
  });

  it('restarts ICE with fresh credentials and reports transport stats', async () => {
    const transport = await viewer.send('media:createTransport', { direction: 'recv' });
    if (!transport.ok) throw new Error('setup failed');
    const { id, iceParameters } = transport.data as { id: string; iceParameters: { usernameFragment: string; password: string } };
    const restarted = await viewer.send('media:restartIce', { transportId: id });
    if (!restarted.ok) throw new Error(restarted.error.message);
    // Without --turn-url the SFU adds no TURN servers anywhere: clients behave as before.
    expect(transport.data).not.toHaveProperty('iceServers');
    expect(restarted.data).not.toHaveProperty('iceServers');
    const fresh = (restarted.data as { iceParameters: { usernameFragment: string; password: string } }).iceParameters;
    expect(fresh.usernameFragment).not.toBe(iceParameters.usernameFragment);
    expect(fresh.password).not.toBe(iceParameters.password);
    const stats = await viewer.send('media:transportStats', { transportId: id });
    if (!stats.ok) throw new Error(stats.error.message);
    expect(stats.data).toMatchObject({ iceState: 'new', dtlsState: 'new', bytesReceived: 0 });
    expect(refusal(await viewer.send('media:transportStats', { transportId: 'nope' })).code).toBe('NOT_FOUND');
  });

  it('refuses a flood from one client without slowing the others', async () => {
    const flooder = await connectClient(stack.origin, tokenOf(stack.viewerUrl), certsDir);
    try {
      const replies = await Promise.all(Array.from({ length: 400 }, () => flooder.send('clock:sync', { clientTime: 1 })));
      const limited = replies.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length;
      expect(limited).toBeGreaterThan(100);
      expect((await viewer.send('clock:sync', { clientTime: 2 })).ok).toBe(true);
    } finally {
      flooder.close();
    }
  });

  it('limits transports per client, and frees one that is closed', async () => {
    const client = await connectClient(stack.origin, tokenOf(stack.viewerUrl), certsDir);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await recvSetup(client)).transportId);
      expect(refusalCode(await client.send('media:createTransport', { direction: 'recv' }))).toBe('INVALID_STATE');
      expect((await client.send('media:closeTransport', { transportId: ids[0] })).ok).toBe(true);
      expect((await client.send('media:createTransport', { direction: 'recv' })).ok).toBe(true);
      expect(refusalCode(await client.send('media:closeTransport', { transportId: ids[0] }))).toBe('NOT_FOUND');
    } finally {
      client.close();
    }
  });

  it('still serves everyone after all of that', async () => {
    const other = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certsDir);
    try {
      expect((await droneProducer(other)).source).toBe('drone-camera');
      const sync = await viewer.send('clock:sync', { clientTime: Date.now() });
      expect(sync.ok).toBe(true);
    } finally {
      other.close();
    }
  });
});
