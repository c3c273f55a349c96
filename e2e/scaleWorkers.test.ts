import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { createLogger } from '@dronecast/runtime';
import { SignalingLink, WebRtcSubscriber, type ReceivedFrame } from '@dronecast/peer';
import { tokenOf } from './support/signalingClient.ts';

interface Viewer {
  link: SignalingLink;
  subscriber: WebRtcSubscriber;
  frames: ReceivedFrame[];
  /** The port of the SFU's ICE candidate for each receive transport: worker i listens on rtc-port + i. */
  ports: number[];
}

let stack: LoopbackStack;
const viewers: Viewer[] = [];

beforeAll(async () => {
  // Two workers, and a router carries two viewers' consumers before the drone spreads to the other.
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', workers: 2, sfuArgs: ['--consumers-per-router', '2'] });
}, 120_000);

afterAll(async () => {
  for (const v of viewers) {
    v.subscriber.stop();
    v.link.close();
  }
  await stack?.stop();
});

/** A phone watching the drone over WebRTC (wrtc), whose transports' ports the test notes. */
function startViewer(): Viewer {
  const logger = createLogger(`viewer-${viewers.length + 1}`);
  const link = new SignalingLink({
    url: stack.origin,
    token: tokenOf(stack.viewerUrl),
    ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`, 'utf8'),
    logger,
    tokenName: 'viewer token',
  });
  const viewer: Viewer = { link, subscriber: new WebRtcSubscriber({ link, mediaSource: 'drone-camera', logger }), frames: [], ports: [] };
  const request = link.request.bind(link);
  link.request = (async (event, payload) => {
    const answer = await request(event, payload);
    if (event === 'media:createTransport') viewer.ports.push(((answer as { iceCandidates: { port: number }[] }).iceCandidates[0] ?? { port: 0 }).port);
    return answer;
  }) as typeof link.request;
  viewer.subscriber.on('frame', (frame) => viewer.frames.push(frame));
  viewer.subscriber.start();
  link.connect();
  viewers.push(viewer);
  return viewer;
}

async function receiving(viewer: Viewer): Promise<void> {
  await expect.poll(() => viewer.frames.length, { timeout: 30_000 }).toBeGreaterThan(15);
}

describe('several mediasoup workers on one host (--workers 2 --consumers-per-router 2)', () => {
  it('serves the third viewer from the second worker, through pipeToRouter, and every viewer gets the drone video', async () => {
    const first = startViewer();
    await receiving(first);
    const second = startViewer();
    await receiving(second);
    const third = startViewer();
    await receiving(third);

    expect(first.ports).toHaveLength(1);
    expect(second.ports).toEqual(first.ports);
    expect(third.ports).toHaveLength(1);
    expect(Math.abs((third.ports[0] ?? 0) - (first.ports[0] ?? 0))).toBe(1);
    // All three still receive, side by side, at the camera's rate.
    const counts = viewers.map((v) => v.frames.length);
    await new Promise((r) => setTimeout(r, 2000));
    for (const [i, v] of viewers.entries()) expect(v.frames.length - (counts[i] ?? 0)).toBeGreaterThan(15);
    expect(third.frames.at(-1)?.producerId).toBe(first.frames.at(-1)?.producerId);
    expect(await stack.logs()).toContain('drone spread to another worker');
  }, 120_000);
});
