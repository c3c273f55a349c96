import { afterEach, describe, expect, it } from 'vitest';
import { processAlive } from '@dronecast/runtime';
import type { H264AccessUnit } from './H264AccessUnit.ts';
import { H264Decoder } from './H264Decoder.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { ffmpegRtp, testSource } from './testing/ffmpegRtp.ts';

let decoder: H264Decoder | undefined;
afterEach(async () => {
  const pid = decoder?.pid;
  await decoder?.stop();
  if (pid !== undefined) expect(processAlive(pid)).toBe(false);
  decoder = undefined;
});

describe('H264Decoder (real ffmpeg)', () => {
  it('gives each picture back before the next one is written: ffmpeg holds none back', async () => {
    const packets = await ffmpegRtp([...testSource({ seconds: 1, size: '320x240' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-x264-params', 'repeat-headers=1']);
    const units: H264AccessUnit[] = [];
    const depacketizer = new H264Depacketizer({ now: () => 0 });
    depacketizer.on('accessUnit', (unit) => units.push(unit));
    for (const packet of packets) depacketizer.push(packet);
    let frames = 0;
    let frameArrived: () => void = () => undefined;
    decoder = new H264Decoder({ ffmpegPath: 'ffmpeg', width: 320, height: 240, onFrame: (data) => {
      expect(data.length).toBe(320 * 240 * 1.5);
      frames++;
      frameArrived();
    } });
    for (const [i, unit] of units.slice(0, 10).entries()) {
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`picture ${i} not decoded until the next one came`)), 5000);
        frameArrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      decoder.write(unit.nalUnits);
      await arrived;
      expect(frames).toBe(i + 1);
    }
  });

  it('says when ffmpeg is missing', async () => {
    decoder = new H264Decoder({ ffmpegPath: '/nonexistent/ffmpeg', width: 320, height: 240, onFrame: () => undefined });
    expect(H264Decoder.describeExit(await decoder.exited, '/nonexistent/ffmpeg')).toBe('ffmpeg not found (/nonexistent/ffmpeg): install it with "apt-get install ffmpeg"');
  });
});
