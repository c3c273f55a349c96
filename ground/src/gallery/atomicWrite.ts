import fs from 'node:fs/promises';

/**
 * Writes a file so it is either absent or complete, even if the process dies mid-write: the bytes
 * go to a temporary name in the same directory, are flushed, then renamed over the target.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const file = await fs.open(temporary, 'w', 0o644);
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (error) {
    await file.close();
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await fs.rename(temporary, target);
}
