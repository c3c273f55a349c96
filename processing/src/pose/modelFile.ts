import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the root postinstall (scripts/pose-model/install.mjs) puts the pinned model. */
export const DEFAULT_POSE_MODEL_PATH = fileURLToPath(new URL('../../models/pose_landmarker_full.task', import.meta.url));

/** A model file that is missing or unreadable, with what to do about it. */
export class PoseModelFileError extends Error {
  override name = 'PoseModelFileError';
}

export function readPoseModel(path = DEFAULT_POSE_MODEL_PATH): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(error as Error).message})`;
    throw new PoseModelFileError(
      `the pose model ${path} ${reason}; it is installed by \`npm install\` (or run \`node scripts/pose-model/install.mjs\`)`,
    );
  }
}
