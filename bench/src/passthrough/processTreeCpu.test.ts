import { describe, expect, it } from 'vitest';
import { descendantsOf, measureTreeCpu } from './processTreeCpu.ts';

describe('a process tree\'s CPU', () => {
  it('takes the root and every process below it, and nothing beside it', () => {
    // 10: the ground agent; 11: its ffmpeg; 12: a helper of that ffmpeg; 20: another process.
    const parents = new Map([[10, 1], [11, 10], [12, 11], [20, 1], [21, 20]]);
    expect(descendantsOf(10, parents)).toEqual([10, 11, 12]);
    expect(descendantsOf(99, parents)).toEqual([99]);
  });

  it('refuses a window whose root process is gone', () => {
    const usage = measureTreeCpu(2 ** 22 + 1);
    expect(() => usage.finish()).toThrow(/exited during the measurement/);
  });
});
