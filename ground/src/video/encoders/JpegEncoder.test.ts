import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TestPatternSource } from '../sources/TestPatternSource.ts';
import type { VideoFrame } from '../VideoFrame.ts';
import { JpegEncoder } from './JpegEncoder.ts';

async function oneFrame(width: number, height: number): Promise<VideoFrame> {
  const source = new TestPatternSource({ format: { width, height, fps: 30 } });
  const frame = new Promise<VideoFrame>((resolve) => source.once('frame', resolve));
  await source.start();
  try {
    return await frame;
  } finally {
    await source.stop();
  }
}

describe('JpegEncoder', () => {
  it('encodes a frame to a JPEG of the same size, smaller at lower quality', async () => {
    const frame = await oneFrame(640, 480);
    const encoder = new JpegEncoder(80);
    const high = await encoder.encode(frame);
    const meta = await sharp(high).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 480]);
    encoder.setQuality(20);
    expect((await encoder.encode(frame)).length).toBeLessThan(high.length * 0.8);
  });

  it('encodes a frame once however many transports ask for it', async () => {
    const frame = await oneFrame(320, 240);
    const encoder = new JpegEncoder(60);
    const [a, b] = await Promise.all([encoder.encode(frame), encoder.encode(frame)]);
    expect(a).toBe(b);
    encoder.setQuality(30);
    expect(await encoder.encode(frame)).not.toBe(a);
  });

  it('keeps frames encoded at the same time apart: each JPEG shows its own frame', async () => {
    // Two uniform grey frames (I420: Y set, U and V at 128), as the websocket and MQTT paths may
    // ask for different frames while an encode is still on sharp's thread pool.
    const grey = (y: number, frameNumber: number): VideoFrame => {
      const width = 640;
      const height = 480;
      const data = new Uint8Array(width * height * 1.5).fill(128);
      data.fill(y, 0, width * height);
      return { width, height, data, captureTimeMs: frameNumber, frameNumber };
    };
    const encoder = new JpegEncoder(90);
    const frames = [grey(30, 0), grey(220, 1), grey(90, 2), grey(160, 3)];
    const jpegs = await Promise.all(frames.map((f) => encoder.encode(f)));
    const means = await Promise.all(jpegs.map(async (j) => (await sharp(j).greyscale().stats()).channels[0]!.mean));
    const expected = [30, 220, 90, 160].map((y) => ((y - 16) * 255) / 219);
    means.forEach((mean, i) => expect(Math.abs(mean - expected[i]!), `frame ${i}: mean ${mean}, expected ${expected[i]}`).toBeLessThan(4));
  });

  it('refuses out-of-range quality with the range', () => {
    expect(() => new JpegEncoder(200)).toThrow(/from 10 to 95, not 200/);
    expect(() => new JpegEncoder(80).setQuality(0)).toThrow(/from 10 to 95/);
  });
});
