import { spawn } from 'node:child_process';
import { RtpReceiver } from './RtpReceiver.ts';
import type { RtpPacket } from '../RtpPacket.ts';

/** ffmpeg's test source: `seconds` of it at `size` and `fps`, as input arguments. */
export function testSource({ seconds = 2, size = '160x120', fps = 30 } = {}): string[] {
  return ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=${seconds}`];
}

/**
 * Real RTP from ffmpeg, as fast as it goes: `args` are the input and encoding arguments (the
 * RTP output is added). Resolves with every packet, in order, once ffmpeg is done.
 */
export async function ffmpegRtp(args: string[]): Promise<RtpPacket[]> {
  const receiver = await RtpReceiver.open();
  try {
    await runFfmpeg([...args, '-an', '-f', 'rtp', '-payload_type', '96', `rtp://127.0.0.1:${receiver.port}?pkt_size=1200`]);
    await receiver.flush();
    return [...receiver.packets];
  } finally {
    receiver.close();
  }
}

export async function runFfmpeg(args: string[]): Promise<void> {
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => ffmpeg.once('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')} exited ${code}: ${stderr}`);
}

/** The NAL units of an Annex B stream (3- or 4-byte start codes), in order, without start codes. */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const starts: { at: number; length: number }[] = [];
  for (let i = 0; i + 2 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      const four = i > 0 && stream[i - 1] === 0;
      starts.push({ at: four ? i - 1 : i, length: four ? 4 : 3 });
      i += 2;
    }
  }
  return starts.map((start, k) => stream.subarray(start.at + start.length, starts[k + 1]?.at ?? stream.length));
}
