import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import type { IceServer, ProducerInfo, TransportOptions, TurnReady } from '@dronecast/protocol';
import { tryTurnAllocate } from '@dronecast/turn';
import { launchChromium } from './support/browser.ts';
import { pageStats, waitForMoreFrames } from './support/phonePage.ts';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

// The whole stack with a real coturn on loopback; the phone page is forced to relay only
// (?relay=1 -> iceTransportPolicy 'relay'), so its media can reach the SFU through coturn or not at all.
let stack: LoopbackStack;
let turn: TurnReady;
let browser: Browser;
let page: Page;
let groundConsole: TestClient;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15', turn: true });
  if (!stack.stack.turn) throw new Error('the stack started without coturn');
  turn = stack.stack.turn.ready;
  browser = await launchChromium();
  page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  // Keep the page's peer connections reachable, to ask them which path they actually use.
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const seen: RTCPeerConnection[] = [];
    (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections = seen;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        seen.push(this);
      }
    };
  });
  await page.goto(`${stack.pilotUrl}&relay=1`);
  groundConsole = await connectClient(stack.origin, stack.stack.ready.tokens.console, `${stack.dir}/certs`);
}, 120_000);

afterAll(async () => {
  groundConsole?.close();
  await browser?.close();
  await stack?.stop();
});

/** What coturn logged, and the SFU's logs, for a failure message. */
async function diagnostics(): Promise<string> {
  return `${JSON.stringify(await pageStats(page).catch(() => 'no stats'))}\n--- turn.log\n${(await stack.turnLog()).slice(-6000)}\n${await stack.logs()}`;
}

async function iceServersOfNewTransport(client: TestClient): Promise<IceServer[]> {
  const reply = await client.send('media:createTransport', { direction: 'recv' });
  if (!reply.ok) throw new Error(reply.error.message);
  const { iceServers, id } = reply.data as TransportOptions;
  await client.send('media:closeTransport', { transportId: id });
  if (!iceServers) throw new Error('no iceServers in the createTransport answer');
  return iceServers;
}

/** For each live peer connection of the page: its ICE policy and the type of the local candidate its media flows from. */
function pagePaths(): Promise<{ policy: string | undefined; local: string | undefined }[]> {
  return page.evaluate(async () => {
    const connections = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections.filter((pc) => pc.connectionState === 'connected');
    return Promise.all(
      connections.map(async (pc) => {
        const stats = [...(await pc.getStats()).values()] as { type: string; id: string; selectedCandidatePairId?: string; localCandidateId?: string; candidateType?: string }[];
        const pairId = stats.find((s) => s.type === 'transport')?.selectedCandidatePairId;
        const localId = stats.find((s) => s.id === pairId)?.localCandidateId;
        return { policy: pc.getConfiguration().iceTransportPolicy, local: stats.find((s) => s.id === localId)?.candidateType };
      }),
    );
  });
}

/**
 * What coturn relayed between its relay ports and the SFU, per finished session: its "peer usage"
 * lines count bytes received from the peer (the SFU) and sent to it.
 */
function peerTraffic(log: string): { fromSfu: number; toSfu: number }[] {
  return [...log.matchAll(/peer usage: realm=<[^>]*>, username=<\d+:[^>]+>, rp=\d+, rb=(\d+), sp=\d+, sb=(\d+)/g)].map((m) => ({
    fromSfu: Number(m[1]),
    toSfu: Number(m[2]),
  }));
}

describe('TURN: a phone that can only reach the SFU through coturn', () => {
  it('gets short-lived credentials for coturn with every transport', async () => {
    const viewer = await connectClient(stack.origin, tokenOf(stack.viewerUrl), `${stack.dir}/certs`);
    try {
      const [server] = await iceServersOfNewTransport(viewer);
      expect(server?.urls).toEqual(turn.urls);
      // The quota holder: the shared start-up viewer link counts per address (turnQuotaHolder).
      const [expiry, holder] = (server?.username ?? '').split(':');
      expect(holder).toBe(`${viewer.welcome.droneId}.viewer@127.0.0.1`);
      // One hour from now (the default TTL), give or take the test's own time.
      expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(3500);
      expect(Number(expiry) - Date.now() / 1000).toBeLessThanOrEqual(3600);
      const secret = (await fs.readFile(turn.secretFile, 'utf8')).trim();
      expect(server?.credential).toBe(createHmac('sha1', secret).update(server?.username ?? '').digest('base64'));

      // An ICE restart (the page's answer to a broken path) comes with a fresh credential too.
      const created = await viewer.send('media:createTransport', { direction: 'recv' });
      if (!created.ok) throw new Error(created.error.message);
      const restarted = await viewer.send('media:restartIce', { transportId: (created.data as TransportOptions).id });
      expect(restarted).toMatchObject({ ok: true, data: { iceServers: [{ urls: turn.urls, username: expect.stringMatching(`^\\d{10}:${viewer.welcome.droneId}\\.viewer@127\\.0\\.0\\.1$`) }] } });
    } finally {
      viewer.close();
    }
  });

  it('plays the drone video relayed through coturn', async () => {
    const stats = await waitForMoreFrames(page, 60, 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await diagnostics()}`);
    });
    expect(stats.connection).toBe('connected');
    expect(stats.video).toBe('playing');
    // The receiving connection is relay-only and its selected path starts at a coturn relay candidate.
    expect(await pagePaths()).toEqual([{ policy: 'relay', local: 'relay' }]);
    // coturn granted the page an allocation and opened a channel or permission to the SFU's port.
    const log = await stack.turnLog();
    expect(log).toMatch(/ALLOCATE processed, success/);
    expect(log).toMatch(/CREATE_PERMISSION processed, success|CHANNEL_BIND processed, success/);
  }, 90_000);

  it("sends the phone's camera through coturn: the SFU has it and the pose worker's processed view comes back", async () => {
    await page.getByTestId('camera-start').tap();
    await page.waitForSelector('[data-testid="camera-state"][data-state="sending"]', { timeout: 30_000 });
    await expect
      .poll(async () => {
        const reply = await groundConsole.send('media:listProducers', {});
        return reply.ok ? (reply.data as { producers: ProducerInfo[] }).producers.filter((p) => p.source === 'phone-camera').length : -1;
      }, { timeout: 20_000 })
      .toBe(1);
    await page
      .waitForFunction(() => (document.querySelector('[data-testid="processed-video"]') as HTMLVideoElement | null)?.videoWidth, undefined, { timeout: 60_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await diagnostics()}`);
      });
    // Now sending too (and receiving its processed view): every connection relay-only, on relay candidates.
    const paths = await pagePaths();
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (const path of paths) expect(path).toEqual({ policy: 'relay', local: 'relay' });
  }, 120_000);

  it('counted the media in coturn: the drone video came from the SFU through it, the camera went to the SFU through it', async () => {
    // coturn writes a session's byte counts when it ends: closing a peer connection frees its allocation.
    await page.evaluate(() => {
      for (const pc of (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections) pc.close();
    });
    await expect.poll(async () => peerTraffic(await stack.turnLog()).filter((s) => s.fromSfu > 100_000).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => peerTraffic(await stack.turnLog()).filter((s) => s.toSfu > 10_000).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const sessions = peerTraffic(await stack.turnLog());
    console.log(`coturn relayed ${sessions.map((s) => `${s.fromSfu} B from / ${s.toSfu} B to the SFU`).join('; ')}`);
  }, 60_000);

  it('refuses a wrong credential and an expired one (401), while the issued one works', async () => {
    const viewer = await connectClient(stack.origin, tokenOf(stack.viewerUrl), `${stack.dir}/certs`);
    try {
      const [server] = await iceServersOfNewTransport(viewer);
      if (!server) throw new Error('no TURN server handed out');
      const granted = await tryTurnAllocate('127.0.0.1', turn.port, server.username, server.credential);
      expect(granted.ok).toBe(true);

      const tampered = Buffer.from(server.credential, 'base64');
      tampered[0] = (tampered[0] ?? 0) ^ 0xff;
      expect(await tryTurnAllocate('127.0.0.1', turn.port, server.username, tampered.toString('base64'))).toMatchObject({ ok: false, code: 401 });

      const secret = (await fs.readFile(turn.secretFile, 'utf8')).trim();
      const expired = `${Math.floor(Date.now() / 1000) - 10}:${server.username.split(':')[1] ?? ''}`;
      const signed = createHmac('sha1', secret).update(expired).digest('base64');
      expect(await tryTurnAllocate('127.0.0.1', turn.port, expired, signed)).toMatchObject({ ok: false, code: 401 });
    } finally {
      viewer.close();
    }
  }, 30_000);
});
