import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, type GalleryItem } from '@dronecast/protocol';
import { RecordingLogger, ScriptedSfu } from '@dronecast/peer/testing';
import { SfuLink } from './SfuLink.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function agentOnSfu() {
  const sfu = await ScriptedSfu.start();
  cleanups.push(() => sfu.close());
  const logger = new RecordingLogger();
  const link = new SfuLink({ url: sfu.url, token: 'ground-token', logger });
  cleanups.push(() => link.close());
  const ready = once(link, 'ready');
  link.connect();
  await ready;
  return { sfu, link, logger };
}

const requester = { peerId: 'pilot-1', role: 'pilot' } as const;
const photo: GalleryItem = {
  id: '0000000001aaaaaaaaaa',
  kind: 'photo',
  createdAt: 1,
  fileName: 'dronecast-photo.jpg',
  mimeType: 'image/jpeg',
  sizeBytes: 10,
  width: 640,
  height: 480,
  capturedBy: requester,
  position: null,
};

describe("SfuLink: the SFU's requests to the ground agent", () => {
  it('answers a capture with the Ack of its result', async () => {
    const { sfu, link } = await agentOnSfu();
    link.serve('capture:photo', async ({ from }) => ({ ...photo, capturedBy: from }));
    await expect(sfu.ask('capture:photo', { from: requester })).resolves.toEqual({ ok: true, data: photo });
  });

  it("passes a refusal's code and reason on", async () => {
    const { sfu, link } = await agentOnSfu();
    link.serve('capture:stopRecording', () => Promise.reject(new ProtocolError('INVALID_STATE', 'nothing is being recorded')));
    await expect(sfu.ask('capture:stopRecording', { from: requester })).resolves.toEqual({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'nothing is being recorded' },
    });
  });

  it('answers any other failure as INTERNAL, keeping its details (file paths) in the local log', async () => {
    const { sfu, link, logger } = await agentOnSfu();
    link.serve('gallery:delete', () => Promise.reject(new Error("EACCES: permission denied, unlink '/home/pilot/dronecast/gallery/x.jpg'")));
    const reply = await sfu.ask('gallery:delete', { id: photo.id, from: requester });
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'gallery:delete failed on the ground station' } });
    expect(logger.at('error')).toEqual([expect.stringContaining("gallery:delete failed: Error: EACCES: permission denied, unlink '/home/pilot")]);
  });

  it('refuses a malformed request as INVALID_PAYLOAD without running the handler', async () => {
    const { sfu, link } = await agentOnSfu();
    let ran = false;
    link.serve('gallery:delete', async () => {
      ran = true;
      return { id: photo.id };
    });
    const reply = await sfu.ask('gallery:delete', { id: '../../etc/passwd', from: requester });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringMatching(/gallery:delete: id/) } });
    expect(ran).toBe(false);
  });

  it('answers a relayed drone command with its outcome, and a failed one as not allowed', async () => {
    const { sfu, link } = await agentOnSfu();
    let fail = false;
    link.onCommand(async ({ command }) => {
      if (fail) throw new Error('the drone link is down');
      return { ok: true, message: `${command.type} accepted` };
    });
    const relayed = { command: { type: 'arm' }, from: { peerId: 'pilot-1', role: 'pilot', failsafe: false } };
    await expect(sfu.ask('drone:command', relayed)).resolves.toEqual({ ok: true, message: 'arm accepted' });
    fail = true;
    await expect(sfu.ask('drone:command', relayed)).resolves.toEqual({ ok: false, reason: 'not-allowed', message: 'the drone link is down' });
  });
});
