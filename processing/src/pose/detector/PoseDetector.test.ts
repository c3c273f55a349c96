import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RgbaFrame } from '../frames.ts';
import { readPoseModel } from '../modelFile.ts';
import { loadTestPhoto } from '../testing/testPhotos.ts';
import { PoseDetector, type PoseDetectorEvent } from './PoseDetector.ts';
import { PoseDetectorError } from './PoseDetectorError.ts';

describe('PoseDetector', () => {
  let photo: RgbaFrame;
  let clock = 0;
  const frame = () => ({ data: photo.data.slice(), width: photo.width, height: photo.height, timestampMs: (clock += 33) });

  beforeAll(async () => {
    photo = await loadTestPhoto('womanByWall');
  });

  describe('a running thread', () => {
    const events: PoseDetectorEvent[] = [];
    let detector: PoseDetector;

    beforeAll(async () => {
      detector = new PoseDetector({ retryDelaysMs: [100], detectTimeoutMs: 2000, onEvent: (event) => events.push(event) });
      await detector.ready();
    }, 60_000);

    afterAll(async () => {
      await detector?.close();
    });

    const nextEvent = (type: PoseDetectorEvent['type']) =>
      new Promise<PoseDetectorEvent>((resolve) => {
        const seen = events.length;
        const poll = setInterval(() => {
          const event = events.slice(seen).find((e) => e.type === type);
          if (event) {
            clearInterval(poll);
            resolve(event);
          }
        }, 10);
      });

    it('transfers the frame to the thread and hands the same bytes back with the landmarks', async () => {
      const input = frame();
      const original = input.data.slice();
      const result = await detector.detect(input);
      expect(input.data.length).toBe(0);
      expect(result.status).toBe('detected');
      if (result.status !== 'detected') return;
      expect(result.landmarks).toHaveLength(33);
      expect(result.inferenceMs).toBeGreaterThan(0);
      expect(result.latencyMs).toBeGreaterThanOrEqual(result.inferenceMs);
      expect(Buffer.from(result.data).equals(Buffer.from(original))).toBe(true);
    });

    it("sends a copy of bytes it may not transfer (sharp's output: Node 22+ refuses to transfer add-on memory)", async () => {
      const fromSharp = await loadTestPhoto('womanByWall');
      const original = fromSharp.data.slice();
      const result = await detector.detect({ ...fromSharp, timestampMs: (clock += 33) });
      expect(result.status).toBe('detected');
      if (result.status !== 'detected') return;
      expect(result.landmarks).toHaveLength(33);
      expect(Buffer.from(result.data).equals(Buffer.from(original))).toBe(true);
      // The caller's bytes stay where they were.
      expect(Buffer.from(fromSharp.data).equals(Buffer.from(original))).toBe(true);
    });

    it('latest wins: frames offered while busy replace each other, none queue', async () => {
      const before = detector.stats();
      const results = await Promise.all([detector.detect(frame()), detector.detect(frame()), detector.detect(frame()), detector.detect(frame()), detector.detect(frame())]);
      expect(results.map((r) => r.status)).toEqual(['detected', 'dropped', 'dropped', 'dropped', 'detected']);
      // A dropped frame is given back untouched.
      expect(results[1]!.data.length).toBe(photo.data.length);
      const after = detector.stats();
      expect(after.dropped - before.dropped).toBe(3);
      expect(after.detected - before.detected).toBe(2);
      expect(after.offered - before.offered).toBe(5);
    });

    it('refuses a frame whose size does not match its bytes', async () => {
      await expect(detector.detect({ data: new Uint8Array(10), width: 640, height: 480, timestampMs: 1 })).rejects.toMatchObject({
        code: 'bad-frame',
      });
    });

    it('a thread that throws is reported, refused meanwhile, and restarted', async () => {
      const failed = nextEvent('failed');
      const ready = nextEvent('ready');
      detector.injectFault('throw');
      const event = await failed;
      expect(event).toMatchObject({ type: 'failed', retryInMs: 100 });
      if (event.type !== 'failed') return;
      expect(event.error.code).toBe('thread-crashed');
      expect(event.error.message).toMatch(/pose detector thread threw: fault injected/);
      await expect(detector.detect(frame())).rejects.toMatchObject({ code: 'unavailable' });
      await ready;
      expect(detector.stats()).toMatchObject({ state: 'ready', restarts: 1 });
      expect((await detector.detect(frame())).status).toBe('detected');
    }, 60_000);

    it('a thread that exits with a frame in flight fails that frame and comes back', async () => {
      const ready = nextEvent('ready');
      detector.injectFault('exit');
      const inFlight = detector.detect(frame());
      const error = await inFlight.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PoseDetectorError);
      expect(error).toMatchObject({ code: 'thread-crashed', message: expect.stringMatching(/exited with code 71/) });
      await ready;
      expect((await detector.detect(frame())).status).toBe('detected');
      expect(detector.stats().restarts).toBe(2);
    }, 60_000);

    it('a MediaPipe that fails three frames in a row gets a fresh thread', async () => {
      const ready = nextEvent('ready');
      detector.injectFault('refuse');
      for (const code of ['detect-failed', 'detect-failed']) {
        await expect(detector.detect(frame())).rejects.toMatchObject({ code, message: expect.stringMatching(/refuses every frame/) });
      }
      await expect(detector.detect(frame())).rejects.toMatchObject({ code: 'detect-failed' });
      expect(detector.stats().state).toBe('down');
      await ready;
      expect((await detector.detect(frame())).status).toBe('detected');
    }, 60_000);

    it('takes camera timestamps of any size (epoch milliseconds included)', async () => {
      const base = Date.now();
      for (let i = 0; i < 4; i++) {
        const result = await detector.detect({ ...frame(), timestampMs: base + i * 33 });
        expect(result.status).toBe('detected');
      }
    });

    it('a thread that hangs is given detectTimeoutMs, then terminated and restarted', async () => {
      const ready = nextEvent('ready');
      detector.injectFault('hang');
      const started = performance.now();
      await expect(detector.detect(frame())).rejects.toMatchObject({ code: 'thread-crashed', message: expect.stringMatching(/did not answer within 2000 ms/) });
      expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
      await ready;
      expect((await detector.detect(frame())).status).toBe('detected');
    }, 60_000);
  });

  it('a corrupt model is a clear load error, not a crash', async () => {
    const events: PoseDetectorEvent[] = [];
    const corrupt = readPoseModel().subarray(0, 100_000);
    const detector = new PoseDetector({ modelBytes: corrupt, retryDelaysMs: [60_000], onEvent: (event) => events.push(event) });
    try {
      const error = await detector.ready().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/could not load the pose model: .*zip archive/) });
      expect(events).toContainEqual(expect.objectContaining({ type: 'failed', retryInMs: 60_000 }));
      await expect(detector.detect(frame())).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/zip archive/) });
    } finally {
      await detector.close();
    }
  }, 60_000);

  it('a missing model file says how to get it', async () => {
    const detector = new PoseDetector({ modelPath: '/nonexistent/pose_landmarker_full.task', retryDelaysMs: [60_000] });
    try {
      await expect(detector.ready()).rejects.toMatchObject({
        code: 'model-load-failed',
        message: expect.stringMatching(/pose_landmarker_full.task is missing; it is installed by `npm install`/),
      });
    } finally {
      await detector.close();
    }
  });

  it('a closed detector refuses work', async () => {
    const detector = new PoseDetector({ modelPath: '/nonexistent/model.task', retryDelaysMs: [60_000] });
    await detector.close();
    await expect(detector.detect(frame())).rejects.toMatchObject({ code: 'closed' });
    await expect(detector.ready()).rejects.toMatchObject({ code: 'closed' });
  });
});
