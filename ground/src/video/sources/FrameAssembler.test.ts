import { describe, expect, it } from 'vitest';
import { FrameAssembler } from './FrameAssembler.ts';

function stream(frames: number, frameSize: number): Uint8Array {
  const bytes = new Uint8Array(frames * frameSize);
  for (let f = 0; f < frames; f++) bytes.fill(f + 1, f * frameSize, (f + 1) * frameSize);
  return bytes;
}

describe('FrameAssembler', () => {
  it('cuts frames of exactly frameSize bytes whatever the chunk boundaries', () => {
    const frameSize = 24;
    const bytes = stream(5, frameSize);
    for (const chunkSize of [1, 7, 24, 25, 50, 120]) {
      const frames: Uint8Array[] = [];
      const assembler = new FrameAssembler(frameSize, (f) => frames.push(f));
      for (let i = 0; i < bytes.length; i += chunkSize) assembler.push(bytes.subarray(i, i + chunkSize));
      expect(frames.map((f) => f.length)).toEqual([24, 24, 24, 24, 24]);
      expect(frames.map((f) => [f[0], f[23]])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    }
  });

  it('holds back an incomplete frame', () => {
    const frames: Uint8Array[] = [];
    const assembler = new FrameAssembler(10, (f) => frames.push(f));
    assembler.push(stream(1, 10).subarray(0, 9));
    expect(frames).toHaveLength(0);
    assembler.push(new Uint8Array([1]));
    expect(frames).toHaveLength(1);
  });

  it('gives each frame its own buffer, independent of the chunks', () => {
    const frames: Uint8Array[] = [];
    const assembler = new FrameAssembler(4, (f) => frames.push(f));
    const chunk = new Uint8Array([1, 1, 1, 1, 2, 2, 2, 2]);
    assembler.push(chunk);
    chunk.fill(9);
    expect(frames.map((f) => Array.from(f))).toEqual([[1, 1, 1, 1], [2, 2, 2, 2]]);
    expect(frames[0]?.buffer).not.toBe(frames[1]?.buffer);
  });
});
