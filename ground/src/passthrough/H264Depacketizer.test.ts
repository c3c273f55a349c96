import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../capture/runTool.ts';
import { toAnnexB, type H264AccessUnit } from './H264AccessUnit.ts';
import { H264Depacketizer, type H264DepacketizerOptions } from './H264Depacketizer.ts';
import { nalUnitType } from './H264NalUnit.ts';
import type { RtpPacket } from './RtpPacket.ts';
import { ffmpegRtp, runFfmpeg, splitAnnexB, testSource } from './testing/ffmpegRtp.ts';

// Real RTP from ffmpeg's H.264 packetizer, against the encoder's own output as ground truth.
let dir: string;
let encoded: Uint8Array[];
let packets: RtpPacket[];
const fps = 30;
const frames = 60;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depacketizer-'));
  const file = path.join(dir, 'camera.h264');
  // As the simulated camera encodes: zerolatency's sliced threads give several slices per picture,
  // so the packetizer uses all three structures (single NAL units, STAP-A and FU-A).
  await runFfmpeg([...testSource({ seconds: frames / fps, size: '640x480', fps }), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-g', '15', '-x264-params', 'repeat-headers=1:threads=4', '-b:v', '1500k', '-f', 'h264', file]);
  encoded = splitAnnexB(fs.readFileSync(file));
  packets = await ffmpegRtp(['-i', file, '-c:v', 'copy']);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function depacketize(input: RtpPacket[], options: Partial<H264DepacketizerOptions> = {}) {
  let now = 1000;
  const depacketizer = new H264Depacketizer({ now: () => now, ...options });
  const units: H264AccessUnit[] = [];
  const losses: number[] = [];
  const rejected: string[] = [];
  depacketizer.on('accessUnit', (unit) => units.push(unit));
  depacketizer.on('loss', ({ lostPackets }) => losses.push(lostPackets));
  depacketizer.on('rejected', (reason) => rejected.push(reason));
  for (const packet of input) {
    depacketizer.push(packet);
    now += 5;
  }
  return { depacketizer, units, losses, rejected };
}

/** The packets with those of one access unit (the n-th timestamp) given to `change`. */
function packetsOfUnit(n: number): RtpPacket[] {
  const timestamps = [...new Set(packets.map((p) => p.timestamp))];
  return packets.filter((p) => p.timestamp === timestamps[n]);
}

const payloadKinds = (input: RtpPacket[]) => new Set(input.map((p) => p.payload[0]! & 0x1f).map((t) => (t === 24 ? 'STAP-A' : t === 28 ? 'FU-A' : 'single')));

describe('H264Depacketizer (RTP from ffmpeg)', () => {
  it("gives back the encoder's access units byte for byte, from single NAL units, STAP-A and FU-A", async () => {
    expect(payloadKinds(packets)).toEqual(new Set(['single', 'STAP-A', 'FU-A']));
    const { units, depacketizer } = depacketize(packets);
    expect(units).toHaveLength(frames);
    expect(units.flatMap((u) => u.nalUnits).map((n) => Buffer.from(n))).toEqual(encoded.map((n) => Buffer.from(n)));
    expect(units.filter((u) => u.keyframe).length).toBe(frames / 15);
    expect(units.every((u) => u.keyframe === u.nalUnits.some((n) => nalUnitType(n) === 5))).toBe(true);
    // ffmpeg converts the raw stream's timestamps to 90 kHz with a tick of rounding.
    for (let i = 1; i < units.length; i++) expect(Math.abs(((units[i]!.rtpTimestamp - units[i - 1]!.rtpTimestamp) >>> 0) - 90_000 / fps)).toBeLessThanOrEqual(1);
    expect(units[1]!.arrivalMs).toBeGreaterThan(units[0]!.arrivalMs);
    expect(units.some((u) => u.discontinuity)).toBe(false);
    expect(depacketizer.stats).toMatchObject({ packets: packets.length, lostPackets: 0, malformedPackets: 0, droppedAccessUnits: 0, accessUnits: frames, keyframes: 4, waitingForKeyframe: false });

    // Annex B of what came out is a stream ffmpeg decodes, every picture of it.
    const file = path.join(dir, 'out.h264');
    fs.writeFileSync(file, Buffer.concat(units.map((u) => toAnnexB(u.nalUnits))));
    const { stdout } = await runTool('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames,width,height', '-of', 'csv=p=0', file]);
    expect(stdout.toString().trim()).toBe(`640,480,${frames}`);
  });

  it('on a lost packet drops the damaged picture and everything up to the next keyframe, and says so once', () => {
    // Lose the second packet of picture 3, then one of picture 5, in the same GOP (keyframes at 0, 15, 30, 45).
    const lost = new Set([packetsOfUnit(3)[1], packetsOfUnit(5)[0]]);
    const { units, losses, depacketizer } = depacketize(packets.filter((p) => !lost.has(p)));
    expect(losses).toEqual([1]);
    expect(units.map((u) => u.rtpTimestamp)).toEqual(depacketize(packets).units.filter((_, i) => i < 3 || i >= 15).map((u) => u.rtpTimestamp));
    expect(units[3]).toMatchObject({ keyframe: true, discontinuity: true });
    expect(units.filter((u) => u.discontinuity)).toHaveLength(1);
    expect(depacketizer.stats).toMatchObject({ lostPackets: 2, droppedAccessUnits: 12, waitingForKeyframe: false });
  });

  it('a keyframe with a lost fragment is dropped too: decoding resumes at the one after', () => {
    const keyframePackets = packetsOfUnit(15);
    expect(keyframePackets.length).toBeGreaterThan(3);
    const { units } = depacketize(packets.filter((p) => p !== keyframePackets[2]));
    expect(units).toHaveLength(frames - 15);
    expect(units[15]).toMatchObject({ keyframe: true, discontinuity: true, rtpTimestamp: packetsOfUnit(30)[0]!.timestamp });
  });

  it('ends an access unit at a timestamp change when the marker bit is missing, and ignores late and repeated packets', () => {
    const noMarkers = packets.map((p) => ({ ...p, marker: false }));
    expect(depacketize(noMarkers).units).toHaveLength(frames - 1);
    // A packet repeated, and one arriving after its successor: no loss, nothing dropped.
    const shuffled = [...packets];
    shuffled.splice(20, 0, packets[10]!);
    const { units, depacketizer } = depacketize(shuffled);
    expect(units).toHaveLength(frames);
    expect(depacketizer.stats).toMatchObject({ latePackets: 1, lostPackets: 0 });
  });

  it('counts the sequence number across its wrap without seeing a loss', () => {
    const wrapped = packets.map((p, i) => ({ ...p, sequenceNumber: (65_500 + i) & 0xffff }));
    const { units, depacketizer } = depacketize(wrapped);
    expect(units).toHaveLength(frames);
    expect(depacketizer.stats.lostPackets).toBe(0);
  });

  it('survives garbage, truncated structures, packetization-mode 2 and oversized pictures, losing nothing after them', () => {
    const at = (n: number, payload: number[], extra: Partial<RtpPacket> = {}): RtpPacket => ({ payloadType: 96, marker: true, sequenceNumber: n, timestamp: n * 3000, ssrc: 1, payload: Uint8Array.from(payload), ...extra });
    const bad: RtpPacket[] = [
      at(0, []),
      at(1, [0x80, 1, 2, 3]), // forbidden bit
      at(2, [0x00, 1, 2]), // NAL type 0
      at(3, [24, 0, 200, 0x65]), // STAP-A claiming more than it has
      at(4, [24, 0]), // STAP-A cut inside a size
      at(5, [28, 0x05, 1, 2]), // FU-A continuation without a start
      at(6, [28, 0xc5, 1]), // FU-A with start and end together
      at(7, [25, 0, 1, 0x65]), // STAP-B
      at(8, [29, 0x85, 0, 1, 2]), // FU-B
      at(12, [31, 5, 5]),
      ...Array.from({ length: 50 }, (_, i) => at(13 + i, Array.from({ length: 1 + ((i * 7919) % 1400) }, (_, k) => (i * 31 + k * 17) & 0xff))),
    ];
    const base = 13 + 50;
    const good = packets.map((p, i) => ({ ...p, sequenceNumber: base + i }));
    const { units, depacketizer, rejected } = depacketize([...bad, ...good]);
    // The good stream's pictures all come through, from its first keyframe on.
    const goodTimestamps = new Set(good.map((p) => p.timestamp));
    expect(units.filter((u) => goodTimestamps.has(u.rtpTimestamp))).toHaveLength(frames);
    expect(depacketizer.stats.malformedPackets).toBeGreaterThanOrEqual(7);
    expect(depacketizer.stats.unsupportedPackets).toBeGreaterThanOrEqual(2);
    expect(rejected).toEqual([expect.stringMatching(/STAP-B packets \(RTP packetization-mode 2\).*set it to packetization-mode 1/)]);

    // An access unit beyond the limit is dropped, once reported, and decoding resumes at the next keyframe.
    const sizes = depacketize(packets).units.map((u) => u.nalUnits.reduce((sum, n) => sum + n.length + 4, 0));
    const limit = Math.max(...sizes.filter((_, i) => i % 15 !== 0)) + 1;
    expect(Math.max(...sizes)).toBeGreaterThan(limit);
    const small = depacketize(packets, { maxAccessUnitBytes: limit });
    expect(small.rejected).toEqual([expect.stringMatching(/an access unit over \d+ kB was dropped/)]);
    // Every keyframe is too big here, so nothing can be decoded, and nothing is emitted.
    expect(small.units).toEqual([]);
    expect(small.depacketizer.stats).toMatchObject({ droppedAccessUnits: frames, waitingForKeyframe: true });
  });
});
