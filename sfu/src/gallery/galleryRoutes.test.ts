import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fail, galleryChunkBytes, ok, type GalleryReadRequest, type GroundAgentRequestName } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { TokenIssuer } from '../auth/TokenIssuer.ts';
import { DroneCapture } from './DroneCapture.ts';
import { galleryRoutes } from './galleryRoutes.ts';

const id = '0000000000bigvideo01';
/** Several chunks and a bit: streaming must stitch them. */
const video = randomBytes(galleryChunkBytes * 2 + 12_345);
const tokens = new TokenIssuer(randomBytes(32));
const viewer = tokens.issue('viewer', 'drone1');
let server: http.Server;
let reads: GalleryReadRequest[];
/** Reads after this many are held until the test releases them, like a far-away ground station's. */
let holdReadsAfter = Infinity;
let heldReads: (() => void)[] = [];

beforeEach(async () => {
  reads = [];
  holdReadsAfter = Infinity;
  heldReads = [];
  const capture = new DroneCapture({ logger: createLogger('test'), announceRecording: () => undefined, announceChange: () => undefined });
  // The ground agent, answering as it would over its socket.
  capture.attachAgent({
    id: 'agent',
    ask: async (event: GroundAgentRequestName, payload: unknown) => {
      if (event !== 'gallery:read') return fail('INVALID_STATE', 'not in this test');
      const request = payload as GalleryReadRequest;
      reads.push(request);
      if (reads.length > holdReadsAfter) await new Promise<void>((resolve) => heldReads.push(resolve));
      if (request.id !== id) return fail('NOT_FOUND', `no photo or recording with id ${request.id}`);
      return ok({ size: video.length, mimeType: 'video/mp4', fileName: 'dronecast-20250101-000000-video-deo1.mp4', data: video.subarray(request.offset, request.offset + request.length) });
    },
  });
  const app = express();
  app.use('/gallery', galleryRoutes({ tokens, captureOf: (droneId) => (droneId === 'drone1' ? capture : new DroneCapture({ logger: createLogger('test'), announceRecording: () => undefined, announceChange: () => undefined })), logger: createLogger('test') }));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('gallery HTTP routes', () => {
  it('streams a file of several chunks whole, and any range across chunk boundaries', async () => {
    const whole = await get(`/gallery/${id}/file?token=${viewer}`);
    expect([whole.status, whole.headers['content-length']]).toEqual([200, String(video.length)]);
    expect(whole.body.equals(video)).toBe(true);
    // A stat, then one read per chunk, none larger than a chunk.
    expect(reads.map((r) => r.length)).toEqual([0, galleryChunkBytes, galleryChunkBytes, 12_345]);

    const start = galleryChunkBytes - 100;
    const end = galleryChunkBytes * 2 + 50;
    const part = await get(`/gallery/${id}/file`, { Authorization: `Bearer ${viewer}`, Range: `bytes=${start}-${end}` });
    expect([part.status, part.headers['content-range']]).toEqual([206, `bytes ${start}-${end}/${video.length}`]);
    expect(part.body.equals(video.subarray(start, end + 1))).toBe(true);
  });

  it('answers a repeated request from cache, and refuses what it must with JSON reasons', async () => {
    const first = await get(`/gallery/${id}/thumbnail?token=${viewer}`);
    const again = await get(`/gallery/${id}/thumbnail?token=${viewer}`, { 'If-None-Match': String(first.headers.etag) });
    expect([again.status, again.body.length]).toEqual([304, 0]);
    const cases: [string, number, RegExp][] = [
      [`/gallery/..%2Fsecret/file?token=${viewer}`, 400, /not a gallery id/],
      [`/gallery/${id}/source?token=${viewer}`, 404, /ask for file or thumbnail/],
      [`/gallery/0000000000nothing001/file?token=${viewer}`, 404, /no photo or recording/],
      [`/gallery/${id}/file?token=${tokens.issue('viewer', 'drone1').slice(0, -3)}abc`, 401, /not issued by this server/],
      [`/gallery/${id}/file?token=${new TokenIssuer(randomBytes(32)).issue('pilot', 'drone1')}`, 401, /not issued by this server/],
      [`/gallery?token=${viewer}&limit=9999`, 400, /limit/],
    ];
    for (const [path, status, reason] of cases) {
      const reply = await get(path);
      expect(reply.status, path).toBe(status);
      expect(JSON.parse(reply.body.toString()).error.message, path).toMatch(reason);
    }
  });

  it('stops asking the ground station for chunks once the client goes away', async () => {
    // The stat and the first chunk are answered; the chunk asked for ahead waits until the client has gone.
    holdReadsAfter = 2;
    const { port } = server.address() as AddressInfo;
    const responseClosed = new Promise<void>((resolve) => server.once('request', (_req, res: http.ServerResponse) => res.once('close', () => resolve())));
    await new Promise<void>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/gallery/${id}/file?token=${viewer}` }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
    });
    await responseClosed;
    for (const release of heldReads.splice(0)) release();
    // Whatever the route does with the released chunk it does at once; a further read would show by the next turn.
    await new Promise((resolve) => setImmediate(resolve));
    // The stat, the chunk that arrived, and the one asked for ahead of it: none after.
    expect(reads.map((r) => r.offset)).toEqual([0, 0, galleryChunkBytes]);
  });
});
