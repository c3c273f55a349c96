import fs from 'node:fs/promises';
import type { FfmpegExit } from './spawnFfmpegWriter.ts';

/**
 * Waits until a recorder's ffmpeg has written the first bytes of its file (the proof that the
 * recording works), polling every 50 ms. Resolves with how ffmpeg ended if it ended first, and
 * calls `check` between polls, which throws to give up (a deadline).
 */
export async function recordingFileBegun(file: string, exited: Promise<FfmpegExit>, check: () => void = () => undefined): Promise<FfmpegExit | undefined> {
  for (;;) {
    if (await hasBytes(file)) return undefined;
    const exit = await Promise.race([exited, pause(50)]);
    if (exit) return exit;
    check();
  }
}

export function pause(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

async function hasBytes(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).size > 0;
  } catch {
    return false;
  }
}
