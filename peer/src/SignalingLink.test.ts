import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, type VideoQuality, type Welcome } from '@dronecast/protocol';
import { RecordingLogger } from './testing/RecordingLogger.ts';
import { ScriptedSfu, type ScriptedSfuOptions } from './testing/ScriptedSfu.ts';
import { SignalingLink } from './SignalingLink.ts';

/** A link that serves video:apply as the ground agent does, through the protected answer(). */
class AgentLink extends SignalingLink {
  serveVideoApply(handler: (quality: VideoQuality) => Promise<{ ok: boolean; message: string }>): void {
    this.answer('video:apply', handler, (message) => ({ ok: false, message }));
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sfuFor(options: ScriptedSfuOptions = {}, port?: number): Promise<ScriptedSfu> {
  const sfu = await ScriptedSfu.start(options, port);
  cleanups.push(() => sfu.close());
  return sfu;
}

function linkTo(sfu: ScriptedSfu, token = 'ground-token') {
  const logger = new RecordingLogger();
  const link = new AgentLink({ url: sfu.url, token, logger, tokenName: 'ground token' });
  cleanups.push(() => link.close());
  return { link, logger };
}

async function readyLink(sfu: ScriptedSfu) {
  const parts = linkTo(sfu);
  const ready = once(parts.link, 'ready') as Promise<[Welcome]>;
  parts.link.connect();
  const [welcome] = await ready;
  return { ...parts, welcome };
}

describe('SignalingLink: a Node process on the SFU', () => {
  it('is ready once welcomed and its clock is set to the SFU’s', async () => {
    const sfu = await sfuFor({ clockOffsetMs: 3_600_000 });
    const { link, welcome } = await readyLink(sfu);
    expect(welcome).toMatchObject({ peerId: 'peer-1', role: 'ground', droneId: 'drone1' });
    expect(link.welcome).toEqual(welcome);
    expect(link.connected).toBe(true);
    // Within a round trip on loopback: far from the hour it would be off without the sync.
    expect(Math.abs(link.serverNow() - Date.now() - 3_600_000)).toBeLessThan(200);
  });

  it('resolves requests with the SFU’s answer, and turns refusals into ProtocolErrors', async () => {
    const sfu = await sfuFor();
    const { link } = await readyLink(sfu);
    const producer = { producerId: 'p1', source: 'phone-camera', kind: 'video', peerId: 'phone' } as const;
    sfu.media.answer('media:listProducers', () => ({ producers: [producer] }));
    await expect(link.request('media:listProducers', {})).resolves.toEqual({ producers: [producer] });

    sfu.media.answer('media:consume', () => {
      throw new ProtocolError('NOT_FOUND', 'no producer p2');
    });
    const refused = link.request('media:consume', { transportId: 't1', producerId: 'p2', rtpCapabilities: {} });
    await expect(refused).rejects.toBeInstanceOf(ProtocolError);
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no producer p2' });
    await expect(link.request('media:createTransport', { direction: 'sideways' as 'send' })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
  });

  it('sends notifications while connected and drops them, not queues them, while not', async () => {
    const sfu = await sfuFor();
    const { link } = linkTo(sfu);
    link.notify('control:alive', {});
    const ready = once(link, 'ready');
    link.connect();
    await ready;
    link.notify('drone:event', { type: 'armed', message: 'armed', time: 1 });
    // A request after it on the same socket: once answered, the notification has arrived.
    await link.request('media:listProducers', {});
    expect(sfu.notifications).toEqual([{ event: 'drone:event', payload: { type: 'armed', message: 'armed', time: 1 } }]);
  });

  it('drops a server event that breaks the contract, and says so in the log', async () => {
    const sfu = await sfuFor();
    const { link, logger } = await readyLink(sfu);
    const seen: unknown[] = [];
    const valid = new Promise<void>((resolve) =>
      link.onServerEvent('drone:agent', (payload) => {
        seen.push(payload);
        resolve();
      }),
    );
    sfu.emitRaw('drone:agent', { online: 'maybe' });
    sfu.emit('drone:agent', { online: true });
    await valid;
    expect(seen).toEqual([{ online: true }]);
    expect(logger.at('warn')).toEqual([expect.stringMatching(/^ignored a malformed message from the SFU: drone:agent: online: /)]);
  });

  it('tears media down and builds it again when the SFU asks (session:reconnect)', async () => {
    const sfu = await sfuFor();
    const { link, welcome } = await readyLink(sfu);
    const seen: string[] = [];
    link.on('lost', (reason) => seen.push(`lost: ${reason}`));
    link.on('ready', (again) => seen.push(`ready as ${again.peerId}`));
    const ready = once(link, 'ready');
    sfu.emit('session:reconnect', { reason: 'a worker died' });
    await ready;
    expect(seen).toEqual(['lost: a worker died', `ready as ${welcome.peerId}`]);
  });

  it('comes back by itself after the SFU ends its session, with the new welcome', async () => {
    const sfu = await sfuFor();
    const { link } = await readyLink(sfu);
    const lost = once(link, 'lost') as Promise<[string]>;
    const ready = once(link, 'ready') as Promise<[Welcome]>;
    sfu.disconnectAll();
    expect(await lost).toEqual(['io server disconnect']);
    expect(link.welcome).toBeUndefined();
    const [welcome] = await ready;
    expect(welcome.peerId).toBe('peer-2');
    expect(link.welcome).toEqual(welcome);
  });

  it('reconnects to an SFU that restarts on the same address', async () => {
    const first = await sfuFor();
    const { link, logger } = await readyLink(first);
    const port = Number(new URL(first.url).port);
    const lost = once(link, 'lost');
    await first.close();
    await lost;
    const ready = once(link, 'ready') as Promise<[Welcome]>;
    await sfuFor({}, port);
    const [welcome] = await ready;
    expect(welcome.peerId).toBe('peer-1');
    expect(logger.at('warn')).toContainEqual(expect.stringMatching(/^SFU link lost \(transport close\); reconnecting$/));
  });

  it('says plainly when the SFU refuses its token, and does not become ready', async () => {
    const sfu = await sfuFor({ token: 'the-right-one' });
    const { link, logger } = linkTo(sfu, 'a-wrong-one');
    let ready = false;
    link.on('ready', () => (ready = true));
    link.connect();
    expect(await logger.line('error', /refused/)).toBe('the SFU refused the ground token: this token is not valid');
    expect(ready).toBe(false);
    expect(link.connected).toBe(false);
  });

  it('closes for good when asked', async () => {
    const sfu = await sfuFor();
    const { link } = await readyLink(sfu);
    const lost = once(link, 'lost');
    link.close();
    expect(await lost).toEqual(['io client disconnect']);
    expect(link.connected).toBe(false);
    expect(link.welcome).toBeUndefined();
  });
});

describe('SignalingLink: requests the SFU makes of the ground agent', () => {
  const quality: VideoQuality = { resolution: '640x480', fps: 15, jpegQuality: 60, maxBitrateKbps: 1500 };

  it('runs the handler on a valid request and acknowledges with its answer', async () => {
    const sfu = await sfuFor();
    const { link } = await readyLink(sfu);
    const asked: VideoQuality[] = [];
    link.serveVideoApply(async (q) => {
      asked.push(q);
      return { ok: true, message: `now ${q.resolution}` };
    });
    await expect(sfu.ask('video:apply', quality)).resolves.toEqual({ ok: true, message: 'now 640x480' });
    expect(asked).toEqual([quality]);
  });

  it('refuses a malformed request with the field at fault, without running the handler', async () => {
    const sfu = await sfuFor();
    const { link, logger } = await readyLink(sfu);
    let ran = false;
    link.serveVideoApply(async () => {
      ran = true;
      return { ok: true, message: '' };
    });
    const reply = await sfu.ask('video:apply', { ...quality, fps: 'fast' });
    expect(reply).toEqual({ ok: false, message: expect.stringMatching(/^malformed request from the SFU: video:apply: fps: /) });
    expect(ran).toBe(false);
    expect(logger.at('warn')).toEqual([(reply as { message: string }).message]);
  });

  it('answers with the refusal when the handler fails', async () => {
    const sfu = await sfuFor();
    const { link } = await readyLink(sfu);
    link.serveVideoApply(() => Promise.reject(new Error('the camera is gone')));
    await expect(sfu.ask('video:apply', quality)).resolves.toEqual({ ok: false, message: 'the camera is gone' });
  });
});
