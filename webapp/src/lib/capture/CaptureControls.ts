import { idleRecordingState, type GalleryItem, type RecordingSource, type RecordingState } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';
import { formatDuration } from './formatDuration.ts';
import { recordingElapsedMs } from './recordingElapsed.ts';
import { recordingEndKey, recordingEndNotice } from './recordingEndNotice.ts';
import { refusalReason } from './refusalReason.ts';

/** The outcome of the last photo or recording request, in plain words. */
export interface CaptureFeedback {
  tone: 'ok' | 'error';
  text: string;
}

export interface PhotoStatus {
  /** At least one photo is on its way (taps may overlap: each gets its own file). */
  pending: boolean;
  feedback: CaptureFeedback | null;
  /** The photo last taken from this page. */
  item: GalleryItem | null;
}

export interface RecordControlStatus {
  /** A start or stop is on its way; stopping includes finalizing the file, which takes a moment. */
  pending: 'start' | 'stop' | null;
  feedback: CaptureFeedback | null;
  /** The recording last stopped from this page, now in the gallery. */
  item: GalleryItem | null;
}

export interface CaptureControlsOptions {
  /** How often the recording time is recomputed between the server's reports. */
  tickMs?: number;
  /** How long a success message stays up (refusals stay until the next try). */
  okFeedbackMs?: number;
}

/** The SFU allows the ground station 120 s to finalize (remux) a recording; wait a bit longer. */
const stopTimeoutMs = 130_000;
const captureTimeoutMs = 20_000;

/**
 * Photos and recordings from this page, and the recording state everyone sees: whether the drone
 * video is being recorded, for how long (counting locally between the server's reports), and why
 * the last recording ended when nobody asked it to.
 */
export class CaptureControls {
  readonly #signaling: Signaling;
  readonly #serverNow: () => number;
  readonly #tickMs: number;
  readonly #okFeedbackMs: number;
  readonly #recording = new ObservableValue<RecordingState>(idleRecordingState);
  readonly #elapsed = new ObservableValue<number>(0);
  readonly #photo = new ObservableValue<PhotoStatus>({ pending: false, feedback: null, item: null });
  readonly #record = new ObservableValue<RecordControlStatus>({ pending: null, feedback: null, item: null });
  readonly #endNotice = new ObservableValue<string | null>(null);
  readonly #recordUnavailable = new ObservableValue<string | null>(null);
  readonly #unsubscribe: () => void;
  #photosInFlight = 0;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #dismissedEnd: string | null = null;
  readonly #feedbackTimers = new Map<'photo' | 'record', ReturnType<typeof setTimeout>>();

  constructor(signaling: Signaling, serverNow: () => number, options: CaptureControlsOptions = {}) {
    this.#signaling = signaling;
    this.#serverNow = serverNow;
    this.#tickMs = options.tickMs ?? 250;
    this.#okFeedbackMs = options.okFeedbackMs ?? 4000;
    this.#unsubscribe = signaling.on('capture:recording', (state) => this.#apply(state));
  }

  /** The server's recording state (sent on joining, on every change and every second while recording). */
  get recording(): Observable<RecordingState> {
    return this.#recording;
  }

  /** How long the current recording has run, in ms; 0 when none runs. */
  get elapsedMs(): Observable<number> {
    return this.#elapsed;
  }

  get photo(): Observable<PhotoStatus> {
    return this.#photo;
  }

  get record(): Observable<RecordControlStatus> {
    return this.#record;
  }

  /**
   * Why Record cannot start a recording now, as the page shows it beside the button (the ground
   * station's reason, e.g. no H.264 encoder, or the ground station offline); null when it can. A
   * running recording can always be stopped.
   */
  get recordUnavailable(): Observable<string | null> {
    return this.#recordUnavailable;
  }

  /** Why the last recording stopped by itself, until dismissed; null otherwise. */
  get endNotice(): Observable<string | null> {
    return this.#endNotice;
  }

  /** Asks the ground station for a photo; resolves with it, or null when refused (the reason is in `photo`). */
  async takePhoto(): Promise<GalleryItem | null> {
    this.#photosInFlight += 1;
    this.#setPhoto({ pending: true, feedback: null });
    try {
      const item = await this.#signaling.request('capture:photo', {}, captureTimeoutMs);
      this.#photosInFlight -= 1;
      this.#setPhoto({ pending: this.#photosInFlight > 0, item }, { tone: 'ok', text: `Photo saved (${item.width}×${item.height})` });
      return item;
    } catch (error) {
      this.#photosInFlight -= 1;
      this.#setPhoto({ pending: this.#photosInFlight > 0 }, { tone: 'error', text: `Photo not taken: ${refusalReason(error)}` });
      return null;
    }
  }

  /**
   * Resolves true once recording, false when refused (the reason is in `record`, or in
   * `recordUnavailable` when no recording can start; then nothing is asked). The drone camera
   * unless told otherwise; the console may record the processed phone video instead.
   */
  async startRecording(source?: RecordingSource): Promise<boolean> {
    if (this.#record.value.pending) return false;
    // The button is off and says why already; a start anyway would only be refused.
    if (this.#recordUnavailable.value) return false;
    this.#setRecord('start', null);
    try {
      const state = await this.#signaling.request('capture:startRecording', source ? { source } : {}, captureTimeoutMs);
      this.#apply(state);
      this.#setRecord(null, null);
      return true;
    } catch (error) {
      this.#setRecord(null, { tone: 'error', text: `Recording not started: ${refusalReason(error)}` });
      return false;
    }
  }

  /** Resolves with the finished video once it is in the gallery, or null when refused. */
  async stopRecording(): Promise<GalleryItem | null> {
    if (this.#record.value.pending) return null;
    this.#setRecord('stop', null);
    try {
      const { item } = await this.#signaling.request('capture:stopRecording', {}, stopTimeoutMs);
      // The server announces the end too; this covers an announcement that lost the race with the answer.
      if (this.#recording.value.recording && this.#recording.value.id === item.id) {
        this.#apply({ ...idleRecordingState, lastEnd: { reason: 'requested', message: 'recording saved', id: item.id } });
      }
      this.#setRecord(null, { tone: 'ok', text: `Recording saved (${formatDuration(item.durationMs ?? 0)})` }, item);
      return item;
    } catch (error) {
      this.#setRecord(null, { tone: 'error', text: `Recording not stopped: ${refusalReason(error)}` });
      return null;
    }
  }

  dismissEndNotice(): void {
    this.#dismissedEnd = recordingEndKey(this.#recording.value);
    this.#endNotice.set(null);
  }

  close(): void {
    this.#unsubscribe();
    this.#stopTicking();
    for (const timer of this.#feedbackTimers.values()) clearTimeout(timer);
    this.#feedbackTimers.clear();
  }

  #apply(state: RecordingState): void {
    const previous = this.#recording.value;
    this.#recording.set(state);
    if (state.recording) {
      // Between reports the clock may disagree with the server by a little: never count backwards.
      const sameRecording = previous.recording && previous.id === state.id;
      this.#elapsed.set(Math.max(sameRecording ? this.#elapsed.value : 0, recordingElapsedMs(state, this.#serverNow())));
      this.#startTicking();
    } else {
      this.#stopTicking();
      this.#elapsed.set(0);
    }
    this.#recordUnavailable.set(!state.recording && state.unavailable ? `Recording unavailable: ${state.unavailable}` : null);
    const key = recordingEndKey(state);
    this.#endNotice.set(key !== null && key === this.#dismissedEnd ? null : recordingEndNotice(state));
  }

  #startTicking(): void {
    if (this.#ticker !== undefined) return;
    this.#ticker = setInterval(() => {
      const state = this.#recording.value;
      if (state.recording) this.#elapsed.set(Math.max(this.#elapsed.value, recordingElapsedMs(state, this.#serverNow())));
    }, this.#tickMs);
  }

  #stopTicking(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #setPhoto(change: Partial<PhotoStatus>, feedback?: CaptureFeedback): void {
    this.#photo.set({ ...this.#photo.value, ...change, ...(feedback ? { feedback } : {}) });
    if (feedback) this.#expire('photo', feedback, () => this.#photo.set({ ...this.#photo.value, feedback: null }));
  }

  #setRecord(pending: RecordControlStatus['pending'], feedback: CaptureFeedback | null, item: GalleryItem | null = null): void {
    this.#record.set({ pending, feedback, item });
    if (feedback) this.#expire('record', feedback, () => this.#record.set({ ...this.#record.value, feedback: null }));
  }

  /** Success messages go away by themselves; refusals stay until the next attempt replaces them. */
  #expire(which: 'photo' | 'record', feedback: CaptureFeedback, clear: () => void): void {
    clearTimeout(this.#feedbackTimers.get(which));
    this.#feedbackTimers.delete(which);
    if (feedback.tone !== 'ok') return;
    this.#feedbackTimers.set(
      which,
      setTimeout(() => {
        this.#feedbackTimers.delete(which);
        clear();
      }, this.#okFeedbackMs),
    );
  }
}
