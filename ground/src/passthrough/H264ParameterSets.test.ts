import { describe, expect, it } from 'vitest';
import type { H264AccessUnit } from './H264AccessUnit.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { H264ParameterSets } from './H264ParameterSets.ts';
import { nalUnitType } from './H264NalUnit.ts';
import { ffmpegRtp, testSource } from './testing/ffmpegRtp.ts';

describe('H264ParameterSets (x264 through ffmpeg RTP)', () => {
  it('puts the SPS and PPS a camera sent earlier in front of a keyframe that lacks them', async () => {
    const packets = await ffmpegRtp([...testSource({ seconds: 2, size: '320x240' }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-x264-params', 'repeat-headers=1']);
    const units: H264AccessUnit[] = [];
    const depacketizer = new H264Depacketizer({ now: () => 0 });
    depacketizer.on('accessUnit', (unit) => units.push(unit));
    for (const packet of packets) depacketizer.push(packet);
    const [first, second] = units.filter((u) => u.keyframe);
    const sets = new H264ParameterSets();
    const bare = { ...second!, nalUnits: second!.nalUnits.filter((n) => nalUnitType(n) !== 7 && nalUnitType(n) !== 8) };
    expect(sets.keyframeStart(bare)).toBeUndefined();
    expect(sets.keyframeStart(first!)).toBe(first!.nalUnits);
    expect(sets.current).toMatchObject({ width: 320, height: 240 });
    const start = sets.keyframeStart(bare)!;
    expect(start.map(nalUnitType).slice(0, 2)).toEqual([7, 8]);
    expect(start.slice(2)).toEqual(bare.nalUnits);
  });
});
