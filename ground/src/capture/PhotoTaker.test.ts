import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, type CaptureRequester } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { GalleryStore } from '../gallery/GalleryStore.ts';
import { PassthroughPictures } from '../passthrough/PassthroughPictures.ts';
import { CameraRig, stampOf } from '../passthrough/testing/CameraRig.ts';
import { TestPatternSource } from '../video/sources/TestPatternSource.ts';
import type { VideoFrame } from '../video/VideoFrame.ts';
import { DiskSpace } from './DiskSpace.ts';
import { PhotoTaker } from './PhotoTaker.ts';

const logger = createLogger('test');
const consoleUser: CaptureRequester = { role: 'console', peerId: 'console-1' };
const position = { lat: -33.8568, lon: 151.2153, altRel: 25.5, altAbs: 80.25, heading: 271.5, stale: false };
let dir: string;
let source: TestPatternSource | undefined;
let rig: CameraRig | undefined;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'photo-test-'));
});
afterEach(async () => {
  await source?.stop();
  await rig?.stop();
  source = rig = undefined;
  await fs.rm(dir, { recursive: true, force: true });
});

async function setUp(freeBytes = 1e12) {
  source = new TestPatternSource({ format: { width: 1280, height: 720, fps: 30 } });
  const store = await GalleryStore.open(dir, logger);
  const photos = new PhotoTaker({ feed: source, store, disk: new DiskSpace(dir, 1_000_000, async () => freeBytes), position: () => position, logger });
  const frames: VideoFrame[] = [];
  const feed = source;
  feed.on('frame', (frame) => frames.push(frame));
  await feed.start();
  await expect.poll(() => frames.length).toBeGreaterThan(1);
  return { store, photos, frames, feed };
}

/** The EXIF GPS latitude and longitude, read from the JPEG's APP1 segment (enough of TIFF for this). */
function exifGps(jpeg: Buffer): { lat: number; lon: number } | undefined {
  const start = jpeg.indexOf('Exif\0\0');
  if (start < 0) return undefined;
  const tiff = jpeg.subarray(start + 6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (little ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (little ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const entries = (ifd: number) => Array.from({ length: u16(ifd) }, (_, i) => ifd + 2 + i * 12);
  const gpsEntry = entries(u32(4)).find((e) => u16(e) === 0x8825);
  if (gpsEntry === undefined) return undefined;
  const gps = entries(u32(gpsEntry + 8));
  const value = (tag: number): number => {
    const entry = gps.find((e) => u16(e) === tag) ?? 0;
    const at = u32(entry + 8);
    const [d, m, s] = [0, 1, 2].map((i) => u32(at + i * 8) / u32(at + i * 8 + 4));
    return (d ?? 0) + (m ?? 0) / 60 + (s ?? 0) / 3600;
  };
  const ref = (tag: number): string => tiff.toString('latin1', (gps.find((e) => u16(e) === tag) ?? 0) + 8, (gps.find((e) => u16(e) === tag) ?? 0) + 9);
  return { lat: value(2) * (ref(1) === 'S' ? -1 : 1), lon: value(4) * (ref(3) === 'W' ? -1 : 1) };
}

describe('PhotoTaker (real sharp)', () => {
  it('takes a JPEG as large as the source frame, with its metadata in the gallery and in EXIF', async () => {
    const { store, photos, frames } = await setUp();
    const before = frames.length;
    const item = await photos.take(consoleUser);
    expect(item).toMatchObject({ kind: 'photo', mimeType: 'image/jpeg', width: 1280, height: 720, capturedBy: consoleUser, position });
    // The capture time is the frame's, which was at most a frame or two before the request.
    const taken = frames.slice(before - 2).find((f) => f.captureTimeMs === item.createdAt);
    expect(taken).toBeDefined();
    const jpeg = await fs.readFile(path.join(dir, 'items', `${item.id}.jpg`));
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1280, 720]);
    expect(item.sizeBytes).toBe(jpeg.length);
    const gps = exifGps(jpeg);
    expect(gps?.lat).toBeCloseTo(position.lat, 4);
    expect(gps?.lon).toBeCloseTo(position.lon, 4);
    expect(jpeg.includes('dronecast')).toBe(true);
    const thumbnail = await sharp(await fs.readFile(path.join(dir, 'items', `${item.id}.thumb.jpg`))).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([320, 180]);
    expect(store.get(item.id)).toEqual(item);
  });

  it('gives requests at the same moment a file each', async () => {
    const { store, photos } = await setUp();
    const items = await Promise.all([photos.take(consoleUser), photos.take({ role: 'pilot', peerId: 'a' }), photos.take({ role: 'pilot', peerId: 'b' })]);
    expect(new Set(items.map((i) => i.id)).size).toBe(3);
    expect(store.size).toBe(3);
    expect((await fs.readdir(path.join(dir, 'items'))).filter((n) => /^\w+\.jpg$/.test(n) && !n.includes('thumb'))).toHaveLength(3);
  });

  it('refuses when the camera sends nothing, and on a nearly full disk', async () => {
    const { photos, feed } = await setUp();
    await feed.stop();
    const stalled = new PhotoTaker({ feed, store: await GalleryStore.open(dir, logger), disk: new DiskSpace(dir, 0), position: () => null, logger });
    await expect(stalled.take(consoleUser)).rejects.toThrow(/no picture to take: test pattern 1280x720@30 is not delivering video/);
    const full = await setUp(10);
    const refusal = await full.photos.take(consoleUser).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ProtocolError);
    expect((refusal as ProtocolError).message).toMatch(/cannot take a photo: the ground station's disk is nearly full/);
    photos.close();
  });

  it('takes a photo from a passthrough H.264 camera, decoded from its current GOP only when asked', async () => {
    rig = await CameraRig.start({ width: 1280, height: 720, fps: 30 }, { bitrateKbps: 2500 });
    const store = await GalleryStore.open(dir, logger);
    const pictures = new PassthroughPictures({ accessUnits: rig.depacketizer, description: 'H.264 camera rtp:127.0.0.1', now: Date.now });
    const photos = new PhotoTaker({ pictures, store, disk: new DiskSpace(dir, 1_000_000, async () => 1e12), position: () => position, logger });
    await rig.keyframes(1);
    const asked = Date.now();
    const item = await photos.take(consoleUser);
    expect(item).toMatchObject({ kind: 'photo', mimeType: 'image/jpeg', width: 1280, height: 720, capturedBy: consoleUser, position });
    // The picture that had arrived when asked, not one from the start of its GOP.
    expect(item.createdAt).toBeGreaterThanOrEqual(asked - 100);
    expect(item.createdAt).toBeLessThanOrEqual(Date.now());
    const jpeg = await fs.readFile(path.join(dir, 'items', `${item.id}.jpg`));
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1280, 720]);
    expect(exifGps(jpeg)?.lat).toBeCloseTo(position.lat, 4);
    // The camera's own stamp survives into the photo: a real picture, not a grey decode of a partial GOP.
    const { data } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
    const stamp = stampOf({ width: 1280, height: 720, data: new Uint8Array(data.buffer, data.byteOffset, data.length), captureTimeMs: 0, frameNumber: 0 });
    expect(stamp).toBeDefined();
    expect(item.createdAt - stamp!.captureTimeMs).toBeLessThan(2000);
    photos.close();
  }, 30_000);

  it('asks its picture source only when a photo is taken, and passes its refusal on', async () => {
    let asked = 0;
    const pictures = {
      description: 'a camera',
      latest: async (): Promise<VideoFrame> => {
        asked++;
        throw new Error('the camera is asleep');
      },
      close: () => undefined,
    };
    const photos = new PhotoTaker({ pictures, store: await GalleryStore.open(dir, logger), disk: new DiskSpace(dir, 0), position: () => null, logger });
    expect(asked).toBe(0);
    const refusal = await photos.take(consoleUser).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ProtocolError);
    expect([(refusal as ProtocolError).code, (refusal as ProtocolError).message]).toEqual(['UNAVAILABLE', 'no picture to take: the camera is asleep']);
    expect(asked).toBe(1);
  });
});
