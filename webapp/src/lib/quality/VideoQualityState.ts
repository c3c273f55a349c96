import { ProtocolError, type VideoQuality } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import type { Signaling } from '../session/SessionTypes.ts';

export interface QualityChangeStatus {
  /** A change is on its way to the ground station. */
  pending: boolean;
  /** Why the last change was refused, in plain words, or null. */
  error: string | null;
}

/**
 * The drone video's quality as the server announces it to every viewer, and the pilot's
 * changes to it. The announced value is the truth: a refused change leaves it as it was.
 */
export class VideoQualityState {
  readonly #signaling: Signaling;
  readonly #quality = new ObservableValue<VideoQuality | null>(null);
  readonly #change = new ObservableValue<QualityChangeStatus>({ pending: false, error: null });
  readonly #unsubscribe: () => void;

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
    this.#unsubscribe = signaling.on('video:quality', (quality) => this.#quality.set(quality));
  }

  /** The quality being produced; null until the server has said. */
  get quality(): Observable<VideoQuality | null> {
    return this.#quality;
  }

  get change(): Observable<QualityChangeStatus> {
    return this.#change;
  }

  /** Asks for a change; resolves true when applied, false when refused (the reason is in `change`). */
  async set(change: Partial<VideoQuality>): Promise<boolean> {
    this.#change.set({ pending: true, error: null });
    try {
      const applied = await this.#signaling.request('video:setQuality', change, 12_000);
      this.#quality.set(applied);
      this.#change.set({ pending: false, error: null });
      return true;
    } catch (error) {
      const reason = error instanceof ProtocolError || error instanceof Error ? error.message : String(error);
      this.#change.set({ pending: false, error: `Quality not changed: ${reason}` });
      return false;
    }
  }

  close(): void {
    this.#unsubscribe();
  }
}
