import { decodeJpegFrame, type JpegFrameHeader } from '@dronecast/protocol';
import { ObservableValue, type Observable } from '../observable.ts';
import { frameNumberModulo, type FrameStatistics } from '../video/FrameStatistics.ts';

interface Decoded {
  header: JpegFrameHeader;
  bitmap: ImageBitmap;
}

/** Without a frame for this long the picture is called stalled (the drone camera stopped, or the link). */
const stallAfterMs = 3_000;
const defaultRefreshMs = 1000 / 60;

/**
 * Shows JPEG frame messages (websocket or MQTT) on a canvas, as fast as the phone can: one
 * decode at a time off the main thread (createImageBitmap), only the newest waiting frame kept,
 * each drawn at the next animation frame. A phone slower than the stream shows fewer frames
 * instead of falling behind. Every presented frame is measured like the WebRTC <video>.
 */
export class JpegFramePlayer {
  readonly #serverNow: () => number;
  readonly #statistics: FrameStatistics;
  readonly #receiving = new ObservableValue(false);
  #canvas: HTMLCanvasElement | null = null;
  #context: CanvasRenderingContext2D | null = null;
  #waiting: { header: JpegFrameHeader; jpeg: Uint8Array } | null = null;
  #decoding = false;
  #ready: Decoded | null = null;
  #animationFrame = 0;
  #lastAnimationTime: number | null = null;
  #refreshMs = defaultRefreshMs;
  #bytesReceived = 0;
  #malformed = 0;
  #mainThreadMs = 0;
  #framesReceived = 0;
  #lastFrameAt = 0;
  #closed = false;
  readonly #stallTimer = setInterval(() => {
    if (this.#receiving.value && performance.now() - this.#lastFrameAt > stallAfterMs) this.#receiving.set(false);
  }, 500);

  constructor(serverNow: () => number, statistics: FrameStatistics) {
    this.#serverNow = serverNow;
    this.#statistics = statistics;
    statistics.newStream();
  }

  /** True while frames arrive (one within the last 3 s). */
  get receiving(): Observable<boolean> {
    return this.#receiving;
  }

  /** Bytes of frame messages received, headers included. */
  get bytesReceived(): number {
    return this.#bytesReceived;
  }

  /** Frame messages received (shown or not). */
  get framesReceived(): number {
    return this.#framesReceived;
  }

  /** Messages that were not frames (counted, dropped). */
  get malformed(): number {
    return this.#malformed;
  }

  /**
   * Main-thread time spent on frames so far: taking each message (header, copy for the decoder)
   * and drawing it. The JPEG decode itself runs off the main thread. For the benchmark.
   */
  get mainThreadMs(): number {
    return this.#mainThreadMs;
  }

  /** Draws on this canvas from now on; returns the function that stops. */
  attach(canvas: HTMLCanvasElement): () => void {
    this.#canvas = canvas;
    this.#context = canvas.getContext('2d', { alpha: false });
    return () => {
      if (this.#canvas !== canvas) return;
      this.#canvas = null;
      this.#context = null;
    };
  }

  /** One message from the feed. */
  push(message: Uint8Array): void {
    const started = performance.now();
    try {
      this.#take(message);
    } finally {
      this.#mainThreadMs += performance.now() - started;
    }
  }

  #take(message: Uint8Array): void {
    if (this.#closed) return;
    this.#bytesReceived += message.byteLength;
    let frame: { header: JpegFrameHeader; jpeg: Uint8Array };
    try {
      frame = decodeJpegFrame(message);
    } catch (error) {
      if (this.#malformed++ === 0) console.warn(`ignored a malformed frame message: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.#framesReceived++;
    this.#lastFrameAt = performance.now();
    this.#receiving.set(true);
    if (this.#waiting) this.#statistics.decoded(0, 1); // never decoded: a newer frame replaced it
    this.#waiting = frame;
    void this.#decodeNext();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#stallTimer);
    cancelAnimationFrame(this.#animationFrame);
    this.#ready?.bitmap.close();
    this.#ready = null;
    this.#waiting = null;
    this.#receiving.set(false);
  }

  async #decodeNext(): Promise<void> {
    if (this.#decoding) return;
    this.#decoding = true;
    try {
      while (this.#waiting && !this.#closed) {
        const { header, jpeg } = this.#waiting;
        this.#waiting = null;
        let bitmap: ImageBitmap;
        try {
          // Copy into a plain ArrayBuffer-backed view: a Blob cannot take a view of a shared buffer.
          bitmap = await createImageBitmap(new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }));
        } catch {
          this.#malformed++;
          continue;
        }
        if (this.#closed) {
          bitmap.close();
          return;
        }
        if (this.#ready) {
          this.#ready.bitmap.close();
          this.#statistics.decoded(1, 1);
        }
        this.#ready = { header, bitmap };
        this.#animationFrame ||= requestAnimationFrame(this.#draw);
      }
    } finally {
      this.#decoding = false;
    }
  }

  readonly #draw = (time: DOMHighResTimeStamp): void => {
    const started = performance.now();
    try {
      this.#drawReady(time);
    } finally {
      this.#mainThreadMs += performance.now() - started;
    }
  };

  #drawReady(time: DOMHighResTimeStamp): void {
    this.#animationFrame = 0;
    if (this.#lastAnimationTime !== null) {
      const interval = time - this.#lastAnimationTime;
      // Consecutive animation frames give the display's refresh; a pause (stall, hidden tab) does not.
      if (interval > 4 && interval < 50) this.#refreshMs += (interval - this.#refreshMs) / 8;
    }
    this.#lastAnimationTime = time;
    // Runs every display refresh while frames arrive, so the refresh above is measured, not assumed.
    if (this.#receiving.value && !this.#closed) this.#animationFrame = requestAnimationFrame(this.#draw);
    const ready = this.#ready;
    this.#ready = null;
    if (!ready) return;
    const canvas = this.#canvas;
    const context = this.#context;
    if (!canvas || !context) {
      ready.bitmap.close();
      this.#statistics.decoded(1, 1);
      return;
    }
    const { bitmap, header } = ready;
    if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.dispatchEvent(new Event('framesize'));
    }
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    // What is drawn now reaches the screen at the next vsync: one refresh after this frame began.
    const displayedAt = time + this.#refreshMs;
    this.#statistics.decoded(1, 0);
    this.#statistics.presented(displayedAt, 1, header.width, header.height);
    this.#statistics.stamped(header.frameNumber % frameNumberModulo, this.#serverNow() + (displayedAt - performance.now()) - header.captureTimeMs);
  }
}
