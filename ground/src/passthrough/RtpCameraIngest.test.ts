import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpCameraIngest } from './RtpCameraIngest.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One RTP packet (version 2, payload type 96) with a tiny H.264 payload. */
function rtp(sequenceNumber: number, ssrc = 0x1234): Buffer {
  const packet = Buffer.alloc(14);
  packet[0] = 0x80;
  packet[1] = 96;
  packet.writeUInt16BE(sequenceNumber, 2);
  packet.writeUInt32BE(sequenceNumber * 3000, 4);
  packet.writeUInt32BE(ssrc, 8);
  packet[12] = 0x41;
  return packet;
}

describe('RtpCameraIngest', () => {
  it('tells a camera that sends nothing, or stops sending, once per silence, on a clock the test sets', async () => {
    const clock = { now: 0 };
    const ingest = new RtpCameraIngest({ host: '127.0.0.1', port: 0, now: () => clock.now, silenceMs: 5000 });
    const troubles: string[] = [];
    ingest.on('trouble', (error) => troubles.push(error.message));
    await ingest.start();
    cleanups.push(() => ingest.stop());
    const camera = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => camera.bind(0, '127.0.0.1', resolve));
    cleanups.push(() => void camera.close());
    const send = async (sequenceNumber: number): Promise<void> => {
      const arrived = once(ingest, 'packet');
      camera.send(rtp(sequenceNumber), ingest.port!, '127.0.0.1');
      await arrived;
    };

    clock.now = 5000;
    ingest.checkSilence();
    expect(troubles).toEqual([]);
    clock.now = 5001;
    ingest.checkSilence();
    ingest.checkSilence();
    expect(troubles).toEqual([`no video has arrived on udp 127.0.0.1:${ingest.port} in 5 s: is the camera sending its H.264 RTP there?`]);

    await send(1);
    clock.now = 9000;
    await send(2);
    clock.now = 14_001;
    ingest.checkSilence();
    clock.now = 20_000;
    ingest.checkSilence();
    const fellSilent = `the camera at 127.0.0.1:${camera.address().port} has sent no video for 5 s: is it still sending to udp 127.0.0.1:${ingest.port}?`;
    expect(troubles.slice(1)).toEqual([fellSilent]);

    // Video again ends the silence; the next one is told again.
    await send(3);
    clock.now = 25_001;
    ingest.checkSilence();
    expect(troubles.slice(1)).toEqual([fellSilent, fellSilent]);
  });
});
