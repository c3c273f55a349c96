import path from 'node:path';
import { z } from 'zod';
import { capturePositionSchema, galleryIdSchema, requesterSchema } from '@dronecast/protocol';

/**
 * Written beside a recording's partial file when it starts, so a recording interrupted by a crash
 * can still be put in the gallery with who started it, when and where.
 */
export const recordingInfoSchema = z.strictObject({
  id: galleryIdSchema,
  startedAt: z.number(),
  startedBy: requesterSchema,
  position: capturePositionSchema.nullable(),
  fps: z.number().positive(),
  source: z.string().max(200),
});
export type RecordingInfo = z.infer<typeof recordingInfoSchema>;

/** A recording in progress on disk: its fragmented MP4 and its start record, named by its id. */
export function recordingFilesOf(recordingDir: string, id: string): { partialFile: string; infoFile: string } {
  const checked = galleryIdSchema.parse(id);
  return { partialFile: path.join(recordingDir, `${checked}.mp4.partial`), infoFile: path.join(recordingDir, `${checked}.json`) };
}
