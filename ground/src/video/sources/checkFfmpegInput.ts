import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import type { FfmpegInput } from './ffmpegInput.ts';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

async function presentCameras(): Promise<string[]> {
  try {
    const names = await readdir('/dev');
    return names.filter((n) => /^video\d+$/.test(n)).map((n) => `/dev/${n}`);
  } catch {
    return [];
  }
}

async function checkCamera(device: string): Promise<void> {
  try {
    const info = await stat(device);
    if (!info.isCharacterDevice()) throw new Error(`${device} is not a camera (not a character device)`);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    const present = await presentCameras();
    const hint = present.length > 0 ? `cameras present: ${present.join(', ')}` : 'no /dev/video* devices on this machine';
    throw new Error(`camera ${device} not found (${hint})`);
  }
  try {
    await access(device, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(`camera ${device} is not accessible: add this user to the "video" group`);
  }
}

async function checkFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${path} is a directory, not a video file`);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new Error(`video file ${path} not found`);
    throw error;
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new Error(`video file ${path} is not readable`);
  }
}

/** Local inputs are checked before ffmpeg runs: our message is clearer than ffmpeg's. Streams can only be tried. */
export async function checkFfmpegInput(input: FfmpegInput): Promise<void> {
  if (input.kind === 'v4l2') await checkCamera(input.device);
  else if (input.kind === 'file') await checkFile(input.path);
}
