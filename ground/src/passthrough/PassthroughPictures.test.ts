import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTool } from '../capture/runTool.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { toAnnexB, type H264AccessUnit } from './H264AccessUnit.ts';
import { PassthroughPictures } from './PassthroughPictures.ts';
import { CameraRig, stampOf } from './testing/CameraRig.ts';
import { childProcesses } from './testing/childProcesses.ts';
import { ffmpegRtp, testSource } from './testing/ffmpegRtp.ts';

const decoders = () => childProcesses('h264', 'pipe:0', 'rawvideo');
let rig: CameraRig | undefined;
let pictures: PassthroughPictures | undefined;

afterEach(async () => {
  pictures?.close();
  await rig?.stop();
  rig = pictures = undefined;
  expect(decoders()).toEqual([]);
});

/** A stream from ffmpeg, depacketized at once on a clock the test sets. */
async function recordedCamera(encode: string[]) {
  const packets = await ffmpegRtp(encode);
  const clock = { now: 0 };
  const depacketizer = new H264Depacketizer({ now: () => clock.now });
  let plays = 0;
  // Played again, it continues: sequence numbers and timestamps go on from where they were.
  const play = () => {
    const shift = plays++;
    for (const packet of packets) {
      clock.now++;
      depacketizer.push({ ...packet, sequenceNumber: (packet.sequenceNumber + shift * packets.length) & 0xffff, timestamp: (packet.timestamp + shift * 900_000) >>> 0 });
    }
  };
  return { depacketizer, clock, play };
}

describe('PassthroughPictures (the simulated camera, real ffmpeg)', () => {
  it('decodes the latest picture on request, full size, with nothing decoding before or after', async () => {
    rig = await CameraRig.start({ width: 640, height: 480, fps: 30 });
    pictures = new PassthroughPictures({ accessUnits: rig.depacketizer, description: 'H.264 camera (test)', now: Date.now });
    let last: H264AccessUnit | undefined;
    rig.depacketizer.on('accessUnit', (unit) => (last = unit));
    await rig.keyframes(2);
    expect(decoders()).toEqual([]);

    const asked = last!;
    const frame = await pictures.latest();
    expect([frame.width, frame.height, frame.data.length]).toEqual([640, 480, 640 * 480 * 1.5]);
    // The picture is the one that had arrived when asked (or a newer one, if one came meanwhile).
    expect(frame.captureTimeMs).toBeGreaterThanOrEqual(asked.arrivalMs);
    const stamp = stampOf(frame);
    expect(stamp).toBeDefined();
    expect(frame.captureTimeMs - stamp!.captureTimeMs).toBeGreaterThanOrEqual(0);
    expect(frame.captureTimeMs - stamp!.captureTimeMs).toBeLessThan(2000);
    expect(decoders()).toEqual([]);

    // Requests for the same moment share one decode.
    const together = await Promise.all([pictures.latest(), pictures.latest(), pictures.latest()]);
    expect(together[1]).toBe(together[0]);
    expect(together[2]).toBe(together[0]);
  }, 30_000);

  it('says why there is no picture: none yet, the camera went quiet, or its GOP is too large to keep', async () => {
    const camera = await recordedCamera([...testSource({ seconds: 2, size: '640x480' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-x264-params', 'repeat-headers=1']);
    pictures = new PassthroughPictures({ accessUnits: camera.depacketizer, description: 'H.264 camera (test)', now: () => camera.clock.now });
    await expect(pictures.latest()).rejects.toThrow('H.264 camera (test) has sent no picture that can be decoded yet');
    const units: H264AccessUnit[] = [];
    camera.depacketizer.on('accessUnit', (unit) => units.push(unit));
    camera.play();
    const frame = await pictures.latest();
    expect([frame.width, frame.height, frame.frameNumber]).toEqual([640, 480, 59]);
    // The GOP's last picture, decoded through the whole GOP: what ffmpeg makes of the stream's 60th frame.
    const file = path.join(os.tmpdir(), `gop-${process.pid}.h264`);
    fs.writeFileSync(file, Buffer.concat(units.map((u) => toAnnexB(u.nalUnits))));
    const { stdout } = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-vf', "select='eq(n,59)'", '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1']);
    fs.rmSync(file);
    expect(Buffer.from(frame.data).equals(stdout)).toBe(true);
    expect(frame.captureTimeMs).toBe(units[59]!.arrivalMs);
    camera.clock.now += 2001;
    await expect(pictures.latest()).rejects.toThrow('H.264 camera (test) is not delivering video right now');
    pictures.close();

    pictures = new PassthroughPictures({ accessUnits: camera.depacketizer, description: 'H.264 camera (test)', now: () => camera.clock.now, maxGopBytes: 100_000 });
    camera.play();
    await expect(pictures.latest()).rejects.toThrow(/keyframes are too far apart to keep a picture \(over 98 kB since the last one\): set its GOP to 1 s or less/);
  }, 30_000);

  it('reports a decoder that cannot run', async () => {
    const camera = await recordedCamera([...testSource({ seconds: 1 }), '-c:v', 'libx264', '-preset', 'ultrafast', '-x264-params', 'repeat-headers=1']);
    pictures = new PassthroughPictures({ accessUnits: camera.depacketizer, description: 'H.264 camera (test)', now: () => camera.clock.now, ffmpegPath: '/nonexistent/ffmpeg' });
    camera.play();
    await expect(pictures.latest()).rejects.toThrow(/could not decode the latest picture of H.264 camera \(test\): ffmpeg not found \(\/nonexistent\/ffmpeg\)/);
  });
});
