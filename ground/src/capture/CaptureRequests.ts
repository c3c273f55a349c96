import type { Logger } from '@dronecast/protocol';
import type { SfuLink } from '../sfu/SfuLink.ts';
import type { PhotoTaker } from './PhotoTaker.ts';
import type { RecordingController } from './RecordingController.ts';

export interface CaptureRequestsOptions {
  sfu: SfuLink;
  photos: PhotoTaker;
  recordings: RecordingController;
  logger: Logger;
}

/** Photos and recordings asked for through the SFU (phones, the console), and the recording state told back. */
export class CaptureRequests {
  constructor(private readonly options: CaptureRequestsOptions) {}

  start(): void {
    const { sfu, photos, recordings, logger } = this.options;
    sfu.serve('capture:photo', ({ from }) => photos.take(from));
    sfu.serve('capture:startRecording', ({ from, source }) => recordings.start(from, source));
    sfu.serve('capture:stopRecording', async ({ from }) => {
      logger.info(`recording stop asked by ${from.role} ${from.peerId.slice(0, 8)}`);
      return { item: await recordings.stop() };
    });
    recordings.on('state', (state) => sfu.notify('capture:recording', state));
    // After every (re)connect the SFU learns from us whether something is being recorded.
    sfu.on('ready', () => sfu.notify('capture:recording', recordings.state));
  }
}
