import { afterEach, describe, expect, it } from 'vitest';
import { H264RtpCamera } from '../camera/H264RtpCamera.ts';
import { H264Depacketizer } from './H264Depacketizer.ts';
import { H264StreamCheck, type H264StreamProblem } from './H264StreamCheck.ts';
import type { H264Sps } from './H264Sps.ts';
import type { RtpPacket } from './RtpPacket.ts';
import { ffmpegRtp, testSource } from './testing/ffmpegRtp.ts';
import { RtpReceiver } from './testing/RtpReceiver.ts';

// Real streams from ffmpeg's encoders and RTP packetizer, each with one thing a camera gets wrong.
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p'];
const inBand = ['-x264-params', 'repeat-headers=1'];

/** Feeds packets through a depacketizer into a check, on a clock that advances `msPerPacket` with each. */
function check(packets: RtpPacket[], msPerPacket = 1) {
  let now = 0;
  const streamCheck = new H264StreamCheck({ now: () => now });
  const depacketizer = new H264Depacketizer({ now: () => now });
  const problems: H264StreamProblem[] = [];
  const spss: H264Sps[] = [];
  streamCheck.on('problem', (problem) => problems.push(problem));
  streamCheck.on('sps', (sps) => spss.push(sps));
  depacketizer.on('accessUnit', (unit) => streamCheck.inspectAccessUnit(unit));
  for (const packet of packets) {
    streamCheck.inspectPacket(packet);
    depacketizer.push(packet);
    now += msPerPacket;
  }
  return { problems, spss, streamCheck };
}

/** Packets of several streams one after another, as if from one camera whose settings changed. */
function concatenated(...streams: RtpPacket[][]): RtpPacket[] {
  let sequence = 0;
  let timestamp = 0;
  return streams.flatMap((stream) => {
    const first = stream[0]!.timestamp;
    const out = stream.map((p) => ({ ...p, sequenceNumber: sequence++ & 0xffff, timestamp: (timestamp + p.timestamp - first) >>> 0 }));
    timestamp = out.at(-1)!.timestamp + 3000;
    return out;
  });
}

let camera: H264RtpCamera | undefined;
let receiver: RtpReceiver | undefined;
afterEach(async () => {
  await camera?.stop();
  receiver?.close();
  camera = undefined;
  receiver = undefined;
});

describe('H264StreamCheck', () => {
  it('finds nothing wrong with the simulated camera, and reads its SPS for the announcement', async () => {
    receiver = await RtpReceiver.open();
    const streamCheck = new H264StreamCheck({ now: () => performance.now() });
    const depacketizer = new H264Depacketizer({ now: () => performance.now() });
    receiver.on('packet', (packet) => {
      streamCheck.inspectPacket(packet);
      depacketizer.push(packet);
    });
    depacketizer.on('accessUnit', (unit) => streamCheck.inspectAccessUnit(unit));
    const keyframes: number[] = [];
    const twoGops = new Promise<void>((resolve) =>
      depacketizer.on('accessUnit', (unit) => {
        if (unit.keyframe && keyframes.push(unit.rtpTimestamp) === 3) resolve();
      }),
    );
    const sps = new Promise<H264Sps>((resolve) => streamCheck.once('sps', resolve));
    camera = new H264RtpCamera({ format: { width: 320, height: 240, fps: 15 }, to: { host: '127.0.0.1', port: receiver.port }, gopSeconds: 1, bitrateKbps: 800, ffmpeg: 'ffmpeg' });
    await camera.start();
    await twoGops;
    expect(await sps).toMatchObject({ width: 320, height: 240, profileName: 'Constrained Baseline', profileLevelId: expect.stringMatching(/^42c0/) });
    expect((keyframes[2]! - keyframes[1]!) >>> 0).toBe(90_000);
    expect(streamCheck.problems).toEqual([]);
  }, 30_000);

  it('says the camera sends VP8 when it does, and nothing about H.264 details', async () => {
    const { problems } = check(await ffmpegRtp([...testSource({ seconds: 1 }), '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '500k']), 20);
    expect(problems).toEqual([{ kind: 'not-h264', message: expect.stringMatching(/^the camera sends VP8, not H\.264: passthrough forwards H\.264 only/) }]);
  });

  it('says when the payload is no H.264 and no VP8 either (here MPEG-4 Part 2)', async () => {
    const { problems } = check(await ffmpegRtp([...testSource({ seconds: 1 }), '-c:v', 'mpeg4']), 20);
    expect(problems.map((p) => p.kind)).toEqual(['not-h264']);
    expect(problems[0]?.message).toMatch(/does not send H\.264 \(its RTP payload type 96 does not carry H\.264 NAL units\)/);
  });

  it('asks for SPS/PPS in band when they come only out of band (in the SDP), or only before the first keyframe', async () => {
    const outOfBand = check(await ffmpegRtp([...testSource(), ...x264, '-flags', '+global_header']));
    expect(outOfBand.problems).toEqual([{ kind: 'no-parameter-sets', message: expect.stringMatching(/keyframe without SPS\/PPS before it: a phone that joins later cannot start decoding.*repeat-headers=1.*-bsf:v dump_extra/) }]);
    // The headers once, at the start: the STAP-As carrying them before later keyframes taken out.
    const everyKeyframe = await ffmpegRtp([...testSource(), ...x264, ...inBand, '-g', '30']);
    expect(check(everyKeyframe).problems).toEqual([]);
    const withSps = everyKeyframe.filter((p) => p.payload[0] === 24 && (p.payload[3]! & 0x1f) === 7);
    expect(withSps).toHaveLength(2);
    const once = everyKeyframe.filter((p) => p !== withSps[1]).map((p, i) => ({ ...p, sequenceNumber: i }));
    expect(check(once).problems.map((p) => p.kind)).toEqual(['no-parameter-sets']);
  });

  it('asks for SPS/PPS when 2 s pass without any (the clock, not a keyframe, decides)', async () => {
    const packets = await ffmpegRtp([...testSource({ seconds: 3 }), ...x264, '-g', '600']);
    const keyframe = packets[0]!.timestamp;
    // The camera joined after its only keyframe: pictures but never a parameter set.
    const late = packets.filter((p) => p.timestamp !== keyframe);
    expect(late.length).toBeGreaterThan(110);
    expect(check(late, 20).problems).toEqual([{ kind: 'no-parameter-sets', message: expect.stringMatching(/sent no SPS\/PPS in 2 s/) }]);
    expect(check(late.slice(0, 95), 20).problems).toEqual([]);
  });

  it('says how long the GOP is when it is over 1 s, once', async () => {
    const threeSeconds = await ffmpegRtp([...testSource({ seconds: 4 }), ...x264, ...inBand, '-g', '90']);
    const { problems } = check(concatenated(threeSeconds, threeSeconds));
    expect(problems).toEqual([{ kind: 'long-gop', message: expect.stringMatching(/^keyframes come every 3\.0 s: a phone that joins.*Set the camera's GOP \(keyframe interval\) to 1 s or less/) }]);
  });

  it('takes no lost keyframe for a long GOP, but an endless one with no keyframe for 10 s', async () => {
    const oneSecond = await ffmpegRtp([...testSource({ seconds: 4 }), ...x264, ...inBand, '-g', '30']);
    const keyframe = [...new Set(oneSecond.map((p) => p.timestamp))][30];
    expect(check(oneSecond.filter((p) => p.timestamp !== keyframe || p.marker)).problems).toEqual([]);
    const endless = await ffmpegRtp([...testSource({ seconds: 11 }), ...x264, ...inBand, '-g', '1000']);
    expect(check(endless).problems).toEqual([{ kind: 'long-gop', message: expect.stringMatching(/^no keyframe for 10 s: /) }]);
  });

  it('asks to turn B-frames off when slices say B', async () => {
    const { problems } = check(await ffmpegRtp([...testSource(), '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '2', '-g', '30', ...inBand]));
    expect(problems).toEqual([{ kind: 'b-frames', message: expect.stringMatching(/sends B-frames.*Turn B-frames off/) }]);
  });

  it('announces the SPS again when the camera changes size or profile', async () => {
    const small = await ffmpegRtp([...testSource({ seconds: 1, size: '320x240' }), ...x264, ...inBand, '-g', '30', '-profile:v', 'baseline']);
    const large = await ffmpegRtp([...testSource({ seconds: 1, size: '1280x720' }), ...x264, ...inBand, '-g', '30', '-profile:v', 'baseline']);
    const { spss, problems } = check(concatenated(small, small, large));
    expect(spss.map((s) => `${s.width}x${s.height} ${s.profileLevelId}`)).toEqual(['320x240 42c00d', '1280x720 42c01f']);
    expect(problems).toEqual([]);
  });

});
