import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FanoutRig } from './FanoutRig.ts';
import { lossPercent, withinDeadline } from './measureFanout.ts';
import { startVp8RtpSender } from './vp8RtpSender.ts';

/**
 * What the producer got and the consumers carried over 2 s, once `minPackets` have arrived:
 * consumers start at the next keyframe (ffmpeg sends one a second), so measure after that.
 */
async function steadyWindow(rig: FanoutRig, minPackets: number) {
  const deadline = Date.now() + 10_000;
  while ((await rig.counters()).receivedPackets < minPackets && Date.now() < deadline) await sleep(200);
  await sleep(1000);
  const before = await rig.counters();
  await sleep(2000);
  const after = await rig.counters();
  return { sent: after.sourcePackets - before.sourcePackets, received: after.receivedPackets - before.receivedPackets, after };
}

describe('FanoutRig', () => {
  it('carries a real VP8 stream from ffmpeg to every consumer, counted by the receiving worker', async () => {
    const rig = await FanoutRig.start();
    const sender = startVp8RtpSender({ port: rig.ingestPorts.rtp, rtcpPort: rig.ingestPorts.rtcp, ...rig.source, kbps: 500, width: 320, height: 240, fps: 30 });
    try {
      await rig.growTo(4);
      const { sent, received, after } = await steadyWindow(rig, 100);
      expect(rig.consumerCount).toBe(4);
      expect(sent).toBeGreaterThan(50);
      // Each of the four consumers carried what the producer got (stats are read a moment apart).
      expect(received).toBeGreaterThan(sent * 4 * 0.9);
      expect(received).toBeLessThan(sent * 4 * 1.1);
      expect(after.lostPackets).toBe(0);
    } finally {
      sender.kill('SIGTERM');
      rig.close();
    }
  }, 20_000);
});

describe('FanoutRig over two SFU workers', () => {
  it('deals consumers over both workers, the second fed through pipeToRouter, and every one carries the stream', async () => {
    const rig = await FanoutRig.start({ sfuWorkers: 2 });
    const sender = startVp8RtpSender({ port: rig.ingestPorts.rtp, rtcpPort: rig.ingestPorts.rtcp, ...rig.source, kbps: 500, width: 320, height: 240, fps: 30 });
    try {
      await rig.growTo(4);
      expect(rig.sfuWorkers.map((w) => w.pid)).toHaveLength(2);
      expect(rig.consumersPerWorker).toEqual([2, 2]);
      const { sent, received } = await steadyWindow(rig, 200);
      expect(sent).toBeGreaterThan(50);
      // Two of the four consumers are on the piped router: without the pipe they would carry nothing.
      expect(received).toBeGreaterThan(sent * 4 * 0.9);
      expect(received).toBeLessThan(sent * 4 * 1.1);
    } finally {
      sender.kill('SIGTERM');
      rig.close();
    }
  }, 20_000);
});

describe('lossPercent', () => {
  const at = (receivedPackets: number, lostPackets: number) => ({ sourcePackets: 0, receivedPackets, lostPackets, receivedBytes: 0 });

  it('is the share of packets missing over the window', () => {
    expect(lossPercent(at(1000, 0), at(1990, 10))).toBe(1);
    expect(lossPercent(at(0, 0), at(500, 0))).toBe(0);
  });

  it('counts a window with nothing arriving as total loss', () => {
    expect(lossPercent(at(1000, 5), at(1000, 5))).toBe(100);
  });
});

describe('withinDeadline', () => {
  it('gives the value in time, and undefined for a promise that never settles', async () => {
    await expect(withinDeadline(Promise.resolve(7), 1000)).resolves.toBe(7);
    await expect(withinDeadline(new Promise(() => {}), 20)).resolves.toBeUndefined();
  });
});
