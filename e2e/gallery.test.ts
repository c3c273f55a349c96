import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { galleryHttp, type Ack, type GalleryChange, type GalleryItem, type GalleryList, type RecordingState, type Telemetry } from '@dronecast/protocol';
import { connectClient, tokenOf, type TestClient } from './support/signalingClient.ts';

let stack: LoopbackStack;
let pilot: TestClient;
let viewer: TestClient;
let consoleClient: TestClient;
let viewerToken: string;
let telemetry: Telemetry | undefined;
const recordingStates: RecordingState[] = [];
const changes: GalleryChange[] = [];

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTPS request (the path is sent as written, so encoded traversal attempts reach the server as such). */
function request(pathAndQuery: string, options: { headers?: Record<string, string>; method?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: stack.port, path: pathAndQuery, method: options.method ?? 'GET', headers: options.headers, ca: fs.readFileSync(`${stack.dir}/certs/ca.pem`) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const withToken = (p: string, token = viewerToken): string => `${p}${p.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;

function data<T>(ack: Ack<unknown>): T {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code}: ${ack.error.message}`);
  return ack.data as T;
}

function refusal(ack: Ack<unknown>): { code: string; message: string } {
  if (ack.ok) throw new Error(`not refused: ${JSON.stringify(ack.data)}`);
  return ack.error;
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${await stack.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const onDisk = (item: GalleryItem): Buffer => fs.readFileSync(path.join(stack.mediaDir, 'items', `${item.id}${item.kind === 'photo' ? '.jpg' : '.mp4'}`));

beforeAll(async () => {
  stack = await startLoopbackStack();
  const certs = `${stack.dir}/certs`;
  viewerToken = tokenOf(stack.viewerUrl);
  viewer = await connectClient(stack.origin, viewerToken, certs);
  viewer.socket.on('drone:telemetry', (sample) => (telemetry = sample));
  viewer.socket.on('capture:recording', (state) => recordingStates.push(state));
  viewer.socket.on('gallery:changed', (change) => changes.push(change));
  pilot = await connectClient(stack.origin, tokenOf(stack.pilotUrl), certs);
  consoleClient = await connectClient(stack.origin, stack.stack.ready.tokens.console, certs);
  // The drone (the agent's simulator) is connected and the camera runs: photos have a place and a picture.
  await waitFor(() => telemetry?.state === 'connected', 30_000, 'telemetry from the simulated drone');
  await waitFor(() => fs.existsSync(stack.mediaDir), 10_000, 'the gallery directory');
}, 120_000);

afterAll(async () => {
  for (const client of [pilot, viewer, consoleClient]) client?.close();
  await stack?.stop();
});

describe('photos and the gallery through the SFU (real stack)', () => {
  let photo: GalleryItem;

  it('takes full-size photos for the pilot and the console, with metadata, and tells everyone', async () => {
    photo = data<GalleryItem>(await pilot.send('capture:photo', {}));
    const fromConsole = data<GalleryItem>(await consoleClient.send('capture:photo', {}));
    expect(photo).toMatchObject({ kind: 'photo', width: 640, height: 480, capturedBy: { role: 'pilot', peerId: pilot.welcome.peerId } });
    expect(photo.position).toMatchObject({ lat: expect.any(Number), lon: expect.any(Number), altAbs: expect.any(Number), heading: expect.any(Number) });
    expect(Math.abs(photo.createdAt - Date.now())).toBeLessThan(5000);
    expect(fromConsole.capturedBy.role).toBe('console');
    const meta = await sharp(onDisk(photo)).metadata();
    expect([meta.width, meta.height]).toEqual([640, 480]);
    await expect.poll(() => changes.filter((c) => c.type === 'added').length).toBe(2);
  });

  it('lets a viewer list and fetch (whole, ranges, thumbnail, download) but not delete or capture', async () => {
    const list = data<GalleryList>(await viewer.send('gallery:list', {}));
    expect(list.items.map((i) => i.id)).toContain(photo.id);
    const file = onDisk(photo);

    const whole = await request(withToken(galleryHttp.bytes(photo.id, 'file')));
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('image/jpeg');
    expect(whole.headers['content-length']).toBe(String(file.length));
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(file)).toBe(true);

    const part = await request(galleryHttp.bytes(photo.id, 'file'), { headers: { Authorization: `Bearer ${viewerToken}`, Range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${file.length}`);
    expect(part.headers['content-length']).toBe('1000');
    expect(part.body.equals(file.subarray(100, 1100))).toBe(true);

    const last = await request(withToken(galleryHttp.bytes(photo.id, 'file')), { headers: { Range: 'bytes=-10' } });
    expect([last.status, last.body.equals(file.subarray(-10))]).toEqual([206, true]);
    const past = await request(withToken(galleryHttp.bytes(photo.id, 'file')), { headers: { Range: `bytes=${file.length}-` } });
    expect([past.status, past.headers['content-range']]).toEqual([416, `bytes */${file.length}`]);

    const head = await request(withToken(galleryHttp.bytes(photo.id, 'file')), { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(file.length), 0]);
    const download = await request(withToken(`${galleryHttp.bytes(photo.id, 'file')}?download=1`));
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${photo.fileName}"`);
    const thumbnail = await request(withToken(galleryHttp.bytes(photo.id, 'thumbnail')));
    expect((await sharp(thumbnail.body).metadata()).width).toBe(320);
    const listed = await request(withToken(`${galleryHttp.list}?kind=photo&limit=1`));
    expect(JSON.parse(listed.body.toString())).toMatchObject({ items: [{ kind: 'photo' }], more: true });

    expect(refusal(await viewer.send('gallery:delete', { id: photo.id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/a viewer cannot delete/) });
    expect(refusal(await viewer.send('capture:photo', {})).code).toBe('FORBIDDEN');
    expect(refusal(await viewer.send('capture:startRecording', {})).code).toBe('FORBIDDEN');
    expect(fs.existsSync(path.join(stack.mediaDir, 'items', `${photo.id}.jpg`))).toBe(true);
  });

  it('refuses path traversal, unknown ids and forged or missing tokens, with a reason', async () => {
    for (const attempt of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..', 'items%2Fx.jpg', `${photo.id}.jpg`]) {
      const reply = await request(withToken(`/gallery/${attempt}/file`));
      expect(reply.status, attempt).toBe(400);
      expect(JSON.parse(reply.body.toString()).error.message).toMatch(/is not a gallery id/);
    }
    expect(refusal(await pilot.send('gallery:delete', { id: '../../state/secret' })).code).toBe('INVALID_PAYLOAD');
    expect(refusal(await pilot.send('gallery:list', { before: '../x' })).code).toBe('INVALID_PAYLOAD');

    const unknown = await request(withToken(galleryHttp.bytes('0000000000zzzzzzzzzz', 'file')));
    expect([unknown.status, JSON.parse(unknown.body.toString()).error.message]).toEqual([404, expect.stringMatching(/no photo or recording with id/)]);
    expect(refusal(await pilot.send('gallery:delete', { id: '0000000000zzzzzzzzzz' })).code).toBe('NOT_FOUND');

    // A viewer's claims made into a pilot's, keeping the viewer's signature.
    const [, signature] = viewerToken.split('.');
    const claims = Buffer.from(JSON.stringify({ v: 1, role: 'pilot', drone: 'drone1', sub: 'pilot' })).toString('base64url');
    for (const token of [`${claims}.${signature}`, 'not-a-token', '']) {
      const reply = await request(withToken(galleryHttp.bytes(photo.id, 'file'), token));
      expect(reply.status).toBe(401);
      expect(reply.body.includes(0xff)).toBe(false);
    }
    expect((await request(galleryHttp.bytes(photo.id, 'file'))).status).toBe(401);
    expect((await request(withToken(galleryHttp.list, stack.stack.ready.tokens.processing))).status).toBe(403);
  });

  it('records on request: everyone sees it run and for how long; the video seeks, downloads, and is deleted by the pilot', async () => {
    const started = data<RecordingState>(await consoleClient.send('capture:startRecording', {}));
    expect(started).toMatchObject({ recording: true, resolution: '640x480', fps: 30, startedBy: { role: 'console' } });
    expect(refusal(await pilot.send('capture:startRecording', {})).message).toMatch(/already running/);
    await waitFor(() => (recordingStates.at(-1)?.durationMs ?? 0) >= 3000, 10_000, 'three seconds of recording');
    const late = await connectClient(stack.origin, viewerToken, `${stack.dir}/certs`);
    const joined = await new Promise<RecordingState>((resolve) => late.socket.once('capture:recording', resolve));
    late.close();
    expect(joined.recording).toBe(true);

    const { item } = data<{ item: GalleryItem }>(await pilot.send('capture:stopRecording', {}));
    expect(item).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 640, height: 480, codec: 'h264', endReason: 'requested' });
    expect(item.durationMs).toBeGreaterThan(2500);
    expect(item.durationMs).toBeLessThan(5000);
    await expect.poll(() => recordingStates.at(-1)).toMatchObject({ recording: false, lastEnd: { reason: 'requested', id: item.id } });

    const file = onDisk(item);
    const middle = Math.floor(file.length / 2);
    const seek = await request(withToken(galleryHttp.bytes(item.id, 'file')), { headers: { Range: `bytes=${middle}-` } });
    expect([seek.status, seek.headers['content-type'], seek.headers['content-range']]).toEqual([206, 'video/mp4', `bytes ${middle}-${file.length - 1}/${file.length}`]);
    expect(seek.body.equals(file.subarray(middle))).toBe(true);
    const whole = await request(withToken(`${galleryHttp.bytes(item.id, 'file')}?download=1`));
    const downloaded = path.join(os.tmpdir(), `${item.id}.mp4`);
    fs.writeFileSync(downloaded, whole.body);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', downloaded]).toString().trim();
    fs.rmSync(downloaded);
    expect(probe).toBe('h264,640,480');

    data(await pilot.send('gallery:delete', { id: item.id }));
    await expect.poll(() => changes.at(-1)).toEqual({ type: 'removed', id: item.id });
    expect((await request(withToken(galleryHttp.bytes(item.id, 'file')))).status).toBe(404);
    expect(fs.existsSync(path.join(stack.mediaDir, 'items', `${item.id}.mp4`))).toBe(false);
  });

  it('keeps a recording when the ground agent is killed mid-way: recovered into the gallery when it comes back', async () => {
    data(await pilot.send('capture:startRecording', {}));
    await waitFor(() => (recordingStates.at(-1)?.durationMs ?? 0) >= 2000, 10_000, 'two seconds of recording');
    const id = recordingStates.at(-1)?.id;
    stack.stack.ground.kill('SIGKILL');
    await waitFor(() => recordingStates.at(-1)?.lastEnd?.reason === 'agent-offline', 10_000, 'phones told the agent went away');
    // The launcher restarts the agent, which finds the unfinished recording.
    await waitFor(() => changes.some((c) => c.type === 'added' && c.item.id === id), 45_000, 'the recording recovered into the gallery');
    const recovered = changes.find((c): c is Extract<GalleryChange, { type: 'added' }> => c.type === 'added' && c.item.id === id)?.item;
    expect(recovered).toMatchObject({ kind: 'video', endReason: 'recovered', capturedBy: { role: 'pilot' } });
    expect(recovered?.durationMs).toBeGreaterThan(1500);
    const list = data<GalleryList>(await viewer.send('gallery:list', { kind: 'video' }));
    expect(list.items.map((i) => i.id)).toContain(id);
  });
});
