import fs from 'node:fs/promises';
import type { GalleryItem, RecordingEndReason } from '@dronecast/protocol';
import type { GalleryStore } from '../gallery/GalleryStore.ts';
import { thumbnailOfVideo } from '../gallery/thumbnails.ts';
import { probeVideo } from './probeVideo.ts';
import type { RecordingInfo } from './RecordingInfo.ts';
import { runTool } from './runTool.ts';

export interface FinalizeOptions {
  store: GalleryStore;
  info: RecordingInfo;
  /** The fragmented MP4 the recorder wrote (or left behind). */
  partialFile: string;
  /** The start record beside it, removed once the item is in the gallery. */
  infoFile: string;
  endReason: RecordingEndReason;
  note?: string;
  ffmpegPath?: string;
  ffprobePath?: string;
}

/**
 * Turns a recording's partial file into a gallery item: remuxed (no re-encoding) into a plain MP4
 * with its index up front, which every phone seeks in, probed for its real length, and given a
 * thumbnail. The partial file is removed last, so a crash anywhere here just means doing it again.
 * Throws when nothing playable was recorded (the partial files are removed then too).
 */
export async function finalizeRecording(options: FinalizeOptions): Promise<GalleryItem> {
  const { store, info, partialFile, infoFile } = options;
  const staging = store.stagingPath(info.id, '.mp4');
  try {
    // The demuxer stops at a fragment cut short by a crash; everything before it is kept.
    await runTool(options.ffmpegPath ?? 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', partialFile, '-map', '0:v:0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', staging], 120_000);
    const probe = await probeVideo(staging, options.ffprobePath);
    if (probe.durationMs <= 0) throw new Error('the recording is empty');
    const thumbnail = await thumbnailOfVideo(staging, options.ffmpegPath);
    const item = await store.add(
      {
        id: info.id,
        kind: 'video',
        createdAt: info.startedAt,
        width: probe.width,
        height: probe.height,
        durationMs: probe.durationMs,
        fps: info.fps,
        codec: probe.codec,
        capturedBy: info.startedBy,
        position: info.position,
        endReason: options.endReason,
        ...(options.note ? { note: options.note.slice(0, 500) } : {}),
      },
      { moveFrom: staging },
      thumbnail,
    );
    await removeQuietly(partialFile, infoFile);
    return item;
  } catch (error) {
    await fs.rm(staging, { force: true });
    if (store.get(info.id)) throw error;
    // Nothing playable: keeping the partial file would only retry this at every start.
    if (!(await playable(partialFile, options.ffprobePath))) await removeQuietly(partialFile, infoFile);
    throw error;
  }
}

async function playable(file: string, ffprobePath?: string): Promise<boolean> {
  try {
    return (await probeVideo(file, ffprobePath)).durationMs > 0;
  } catch {
    return false;
  }
}

async function removeQuietly(...files: string[]): Promise<void> {
  await Promise.all(files.map((file) => fs.rm(file, { force: true })));
}
