import fs from 'node:fs/promises';

export interface DiskCheck {
  ok: boolean;
  freeBytes: number;
  /** For people: why captures are refused or stopped. */
  message: string;
}

const megabytes = (bytes: number): string => `${Math.floor(bytes / 1_000_000)} MB`;

/**
 * Free space where captures are written. Below the minimum, new captures are refused and a
 * running recording stops, so the disk never fills up mid-file (or starves the rest of the system).
 */
export class DiskSpace {
  constructor(
    private readonly dir: string,
    readonly minFreeBytes: number,
    /** Replaceable so tests can run out of space without filling a disk. */
    private readonly freeBytesOf: (dir: string) => Promise<number> = statfsFree,
  ) {}

  /** The disk's size and its free space, as a camera reports its storage (STORAGE_INFORMATION). */
  async capacity(): Promise<{ totalBytes: number; freeBytes: number }> {
    const [stats, freeBytes] = await Promise.all([fs.statfs(this.dir), this.freeBytesOf(this.dir)]);
    return { totalBytes: stats.blocks * stats.bsize, freeBytes };
  }

  async check(): Promise<DiskCheck> {
    const freeBytes = await this.freeBytesOf(this.dir);
    const ok = freeBytes >= this.minFreeBytes;
    const message = ok
      ? `${megabytes(freeBytes)} free`
      : `the ground station's disk is nearly full: ${megabytes(freeBytes)} free, captures need at least ${megabytes(this.minFreeBytes)}`;
    return { ok, freeBytes, message };
  }
}

async function statfsFree(dir: string): Promise<number> {
  const stats = await fs.statfs(dir);
  // bavail, not bfree: what an unprivileged writer may still use.
  return stats.bavail * stats.bsize;
}
