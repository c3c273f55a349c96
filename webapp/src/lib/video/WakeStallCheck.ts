import type { VideoState } from './DroneVideoTypes.ts';

/** What the check needs from the video on screen. */
export interface StalledVideo {
  /** A count that grows with every frame shown. */
  framesPresented(): number;
  state(): VideoState;
  restart(): void;
}

/**
 * After the page wakes, the video gets `graceMs` to show a new frame. One that says it plays but
 * shows nothing new (its connection died while the phone slept) is restarted then; one that
 * failed and waits out a retry delay is restarted at once. Anything still setting itself up
 * (the session reconnecting rebuilds the WebRTC path) is left to finish.
 */
export class WakeStallCheck {
  readonly #video: StalledVideo;
  readonly #graceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(video: StalledVideo, graceMs = 2_500) {
    this.#video = video;
    this.#graceMs = graceMs;
  }

  wake(): void {
    if (this.#video.state() === 'failed') {
      this.#cancel();
      this.#video.restart();
      return;
    }
    if (this.#timer !== undefined) return; // one wake brings several events: one check is enough
    const before = this.#video.framesPresented();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#video.state() === 'playing' && this.#video.framesPresented() === before) this.#video.restart();
    }, this.#graceMs);
  }

  close(): void {
    this.#cancel();
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
