import { FrameStatistics } from '../video/FrameStatistics.ts';

/** FrameStatistics that also remember when the first frame reached the screen (a transport's start-up time). */
export class FirstFrameStatistics extends FrameStatistics {
  #firstPresentedAt: number | null = null;

  /** performance.now() time of the first presented frame, or null before it. Kept across reset(). */
  get firstPresentedAt(): number | null {
    return this.#firstPresentedAt;
  }

  override presented(presentationTime: number, frames: number, width: number, height: number): void {
    this.#firstPresentedAt ??= presentationTime;
    super.presented(presentationTime, frames, width, height);
  }
}
