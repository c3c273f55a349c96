import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import {
  idleRecordingState,
  ProtocolError,
  type CapturePosition,
  type CaptureRequester,
  type GalleryItem,
  type Logger,
  type RecordingEndReason,
  type RecordingSource,
  type RecordingState,
} from '@dronecast/protocol';
import { writeFileAtomic } from '../gallery/atomicWrite.ts';
import { newGalleryId } from '../gallery/galleryId.ts';
import type { GalleryStore } from '../gallery/GalleryStore.ts';
import type { DiskSpace } from './DiskSpace.ts';
import { finalizeRecording } from './finalizeRecording.ts';
import type { FrameFeed } from './FrameFeed.ts';
import { createRecorder } from './createRecorder.ts';
import { recordingFilesOf, type RecordingInfo } from './RecordingInfo.ts';
import type { VideoRecorder } from './VideoRecorder.ts';

export interface RecordingControllerOptions {
  /** The drone camera. */
  feed: FrameFeed;
  /** The phone camera after the pose worker, when this agent receives it. */
  processedFeed?: FrameFeed;
  store: GalleryStore;
  disk: DiskSpace;
  /** Milliseconds on the SFU's clock (what everyone's times are in). */
  clock: () => number;
  /** Where the drone is now. */
  position: () => CapturePosition | null;
  logger: Logger;
  ffmpegPath?: string;
  ffprobePath?: string;
  /**
   * Why recordings cannot be made here (no working H.264 encoder; see encoderUnavailableReason),
   * or null. Everyone sees it in the state, and start() is refused with it at once.
   */
  unavailable?: string | null;
  /** How often everyone hears the running duration, and the disk is checked; default 1 s. */
  tickMs?: number;
}

export interface RecordingControllerEvents {
  state: [RecordingState];
}

interface ActiveRecording {
  info: RecordingInfo;
  files: { partialFile: string; infoFile: string };
  recorder: VideoRecorder | undefined;
  sizeBytes: number;
  timer: NodeJS.Timeout | undefined;
  ending: Promise<GalleryItem> | undefined;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The one recording of a frame feed (the drone camera; the processed phone video could have its
 * own): started and stopped on request, and stopped and finalized by itself when the feed ends,
 * the encoder dies, the disk runs low, or the agent shuts down. Tells everyone how it goes.
 * Raw frames are encoded; a passthrough H.264 camera is recorded by stream copy (createRecorder).
 */
export class RecordingController extends EventEmitter<RecordingControllerEvents> {
  private active: ActiveRecording | undefined;
  private lastEnd: RecordingState['lastEnd'] = null;
  /** The feed being recorded now. */
  private feed: FrameFeed;
  private readonly onFeedEnd = (): void => void this.end('source-ended', `recording stopped: the video source stopped (${this.feed.description})`).catch(() => undefined);

  constructor(private readonly options: RecordingControllerOptions) {
    super();
    this.feed = options.feed;
  }

  /** The id of the recording in progress (not yet in the gallery). */
  get currentId(): string | undefined {
    return this.active?.info.id;
  }

  get state(): RecordingState {
    const active = this.active;
    if (!active?.recorder) return { ...idleRecordingState, lastEnd: this.lastEnd, unavailable: this.options.unavailable ?? null };
    const { recorder, info } = active;
    const size = recorder.resolution;
    return {
      recording: true,
      id: info.id,
      startedAt: info.startedAt,
      durationMs: recorder.durationMs,
      resolution: size ? `${size.width}x${size.height}` : null,
      fps: recorder.fps,
      sizeBytes: active.sizeBytes,
      startedBy: info.startedBy,
      lastEnd: this.lastEnd,
      unavailable: null,
    };
  }

  async start(by: CaptureRequester, source: RecordingSource = 'drone-camera'): Promise<RecordingState> {
    const { store, disk, logger, unavailable } = this.options;
    // Before anything touches the disk: there is nothing that could write the file.
    if (unavailable) throw new ProtocolError('UNAVAILABLE', unavailable);
    const feed = source === 'processed-camera' ? this.options.processedFeed : this.options.feed;
    if (!feed) throw new ProtocolError('UNAVAILABLE', 'this ground station does not receive the processed phone video');
    if (this.active) {
      const since = this.active.recorder ? ` (running for ${seconds(this.active.recorder.durationMs)})` : '';
      throw new ProtocolError('INVALID_STATE', `a recording is already running${since}; stop it first`);
    }
    const info: RecordingInfo = {
      id: newGalleryId(),
      startedAt: this.options.clock(),
      startedBy: by,
      position: this.options.position(),
      fps: feed.format.fps,
      source: feed.description.slice(0, 200),
    };
    const active: ActiveRecording = { info, files: recordingFilesOf(store.recordingDir, info.id), recorder: undefined, sizeBytes: 0, timer: undefined, ending: undefined };
    // Taken before the first await: a second start meanwhile is refused above.
    this.active = active;
    this.feed = feed;
    try {
      const space = await disk.check();
      if (!space.ok) throw new ProtocolError('INVALID_STATE', `cannot record: ${space.message}`);
      await writeFileAtomic(active.files.infoFile, JSON.stringify(info));
      const recorder = createRecorder({ feed, file: active.files.partialFile, fps: info.fps, ffmpegPath: this.options.ffmpegPath });
      await recorder.start().catch((error: Error) => {
        throw new ProtocolError('UNAVAILABLE', `cannot record: ${error.message}`);
      });
      active.recorder = recorder;
    } catch (error) {
      this.active = undefined;
      await Promise.all([fs.rm(active.files.partialFile, { force: true }), fs.rm(active.files.infoFile, { force: true })]);
      throw error;
    }
    const recorder = active.recorder;
    recorder.on('failed', (error) => {
      logger.error(error.message);
      void this.end('encoder-failed', 'recording stopped: the video encoder failed; what was recorded so far is kept').catch(() => undefined);
    });
    feed.on('end', this.onFeedEnd);
    active.timer = setInterval(() => void this.tick(active), this.options.tickMs ?? 1000);
    logger.info(`recording ${info.id} started by ${by.role}`, { source: info.source, fps: info.fps });
    this.announce();
    return this.state;
  }

  /** Stops the recording on request; resolves with the finished video once it is in the gallery. */
  stop(): Promise<GalleryItem> {
    return this.end('requested', 'recording saved');
  }

  /** The agent is stopping: finish the file properly while there is time. Never throws. */
  async shutdown(): Promise<void> {
    if (!this.active) return;
    await this.end('shutdown', 'recording stopped: the ground station is shutting down').catch(() => undefined);
  }

  private end(reason: RecordingEndReason, message: string): Promise<GalleryItem> {
    const active = this.active;
    if (!active?.recorder) return Promise.reject(new ProtocolError('INVALID_STATE', 'nothing is being recorded'));
    // Everyone who asks while it is ending gets the same video.
    active.ending ??= this.finish(active, active.recorder, reason, message);
    return active.ending;
  }

  private async finish(active: ActiveRecording, recorder: VideoRecorder, reason: RecordingEndReason, message: string): Promise<GalleryItem> {
    const { logger, store } = this.options;
    const feed = this.feed;
    clearInterval(active.timer);
    feed.off('end', this.onFeedEnd);
    const id = active.info.id;
    try {
      const result = await recorder.stop();
      if (result.framesDropped > 0) logger.warn(`recording ${id}: the encoder fell behind and ${result.framesDropped} frames were dropped`);
      const item = await finalizeRecording({
        store,
        info: active.info,
        ...active.files,
        endReason: reason,
        ...(reason === 'requested' ? {} : { note: message }),
        ffmpegPath: this.options.ffmpegPath,
        ffprobePath: this.options.ffprobePath,
      });
      logger.info(`recording ${id} saved: ${seconds(item.durationMs ?? 0)}, ${item.sizeBytes} bytes (${reason})`);
      this.lastEnd = { reason, message, id };
      return item;
    } catch (error) {
      logger.error(`recording ${id} could not be saved: ${(error as Error).message}`);
      this.lastEnd = { reason, message: 'the recording could not be saved: nothing playable was written', id: null };
      throw new ProtocolError('INTERNAL', this.lastEnd.message);
    } finally {
      this.active = undefined;
      this.announce();
    }
  }

  private async tick(active: ActiveRecording): Promise<void> {
    if (this.active !== active || active.ending) return;
    active.sizeBytes = await fs.stat(active.files.partialFile).then((s) => s.size, () => active.sizeBytes);
    const space = await this.options.disk.check().catch(() => undefined);
    if (space && !space.ok && this.active === active) {
      this.options.logger.warn(`stopping recording ${active.info.id}: ${space.message}`);
      await this.end('low-disk', `recording stopped: ${space.message}`).catch(() => undefined);
      return;
    }
    if (this.active === active && !active.ending) this.announce();
  }

  private announce(): void {
    this.emit('state', this.state);
  }
}
