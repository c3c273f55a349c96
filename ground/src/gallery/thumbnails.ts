import sharp from 'sharp';
import { runTool } from '../capture/runTool.ts';

/** Thumbnails fit in this square: enough for a phone's gallery grid. */
const thumbnailSize = 320;

export async function thumbnailOfImage(image: Uint8Array): Promise<Uint8Array> {
  return sharp(image).resize(thumbnailSize, thumbnailSize, { fit: 'inside' }).jpeg({ quality: 70 }).toBuffer();
}

/** A frame near the start of a recording (ffmpeg decodes it, sharp makes the thumbnail). */
export async function thumbnailOfVideo(file: string, ffmpegPath = 'ffmpeg'): Promise<Uint8Array> {
  const { stdout } = await runTool(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'], 15_000);
  if (stdout.length === 0) throw new Error('the recording has no picture to make a thumbnail from');
  return thumbnailOfImage(stdout);
}
