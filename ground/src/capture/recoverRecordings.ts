import fs from 'node:fs/promises';
import type { Logger } from '@dronecast/protocol';
import type { GalleryStore } from '../gallery/GalleryStore.ts';
import { finalizeRecording } from './finalizeRecording.ts';
import { probeVideo } from './probeVideo.ts';
import { recordingFilesOf, recordingInfoSchema, type RecordingInfo } from './RecordingInfo.ts';

const partialName = /^([0-9a-z]{12,32})\.mp4\.partial$/;

/**
 * At start-up: recordings the last run could not finish (it was killed, or the machine lost
 * power) are put in the gallery with what their partial files hold. Returns how many.
 */
export async function recoverRecordings(store: GalleryStore, logger: Logger, tools: { ffmpegPath?: string; ffprobePath?: string } = {}): Promise<number> {
  const names = await fs.readdir(store.recordingDir);
  let recovered = 0;
  for (const name of names) {
    const id = partialName.exec(name)?.[1];
    if (!id) continue;
    const files = recordingFilesOf(store.recordingDir, id);
    try {
      const info = await infoOf(id, files.partialFile, files.infoFile, tools.ffprobePath);
      const item = await finalizeRecording({
        store,
        info,
        ...files,
        endReason: 'recovered',
        note: 'recovered after the ground agent stopped unexpectedly; the last second may be missing',
        ...tools,
      });
      recovered++;
      logger.warn(`recovered an interrupted recording: ${item.id} (${(item.durationMs ?? 0) / 1000} s)`);
    } catch (error) {
      logger.warn(`could not recover the interrupted recording ${id}: ${(error as Error).message}`);
    }
  }
  // Start records whose recording is gone have nothing to describe.
  for (const name of names) {
    const id = /^([0-9a-z]{12,32})\.json$/.exec(name)?.[1];
    if (id && !names.includes(`${id}.mp4.partial`)) await fs.rm(recordingFilesOf(store.recordingDir, id).infoFile, { force: true });
  }
  return recovered;
}

/** The start record, or, if the crash came before it was written, what the file itself tells. */
async function infoOf(id: string, partialFile: string, infoFile: string, ffprobePath?: string): Promise<RecordingInfo> {
  try {
    return recordingInfoSchema.parse(JSON.parse(await fs.readFile(infoFile, 'utf8')));
  } catch {
    const { mtimeMs } = await fs.stat(partialFile);
    const probe = await probeVideo(partialFile, ffprobePath);
    return {
      id,
      startedAt: Math.round(mtimeMs - probe.durationMs),
      startedBy: { role: 'ground', peerId: 'unknown' },
      position: null,
      fps: probe.fps > 0 ? probe.fps : 30,
      source: 'unknown',
    };
  }
}
