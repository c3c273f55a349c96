import { describe, expect, it } from 'vitest';
import { CurrentGop } from './CurrentGop.ts';
import type { H264AccessUnit } from './H264AccessUnit.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { nalUnitType } from './H264NalUnit.ts';
import { ffmpegRtp, testSource } from './testing/ffmpegRtp.ts';

async function cameraUnits(): Promise<H264AccessUnit[]> {
  const packets = await ffmpegRtp([...testSource({ seconds: 2, size: '320x240' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-x264-params', 'repeat-headers=1']);
  const units: H264AccessUnit[] = [];
  const depacketizer = new H264Depacketizer({ now: () => 0 });
  depacketizer.on('accessUnit', (unit) => units.push(unit));
  for (const packet of packets) depacketizer.push(packet);
  return units;
}

describe('CurrentGop', () => {
  it('holds the access units from the last keyframe (SPS and PPS first) to the latest, and drops an oversized GOP with the reason', async () => {
    const units = await cameraUnits();
    const gop = new CurrentGop();
    expect(gop.snapshot()).toBeUndefined();
    units.slice(0, 45).forEach((unit) => gop.push(unit));
    const snapshot = gop.snapshot()!;
    expect(snapshot.units).toHaveLength(15);
    expect(snapshot.units[0]).toMatchObject({ keyframe: true, rtpTimestamp: units[30]!.rtpTimestamp });
    expect(snapshot.units[0]!.nalUnits.map(nalUnitType).slice(0, 2)).toEqual([7, 8]);
    expect(snapshot).toMatchObject({ pictures: 15, sps: { width: 320, height: 240 } });
    // The snapshot is the moment it was taken.
    gop.push(units[45]!);
    expect(snapshot.units).toHaveLength(15);

    const small = new CurrentGop(20_000);
    units.forEach((unit) => small.push(unit));
    expect(small.snapshot()).toBeUndefined();
    expect(small.problem).toMatch(/too far apart to keep a picture \(over 20 kB since the last one\)/);
  });
});
