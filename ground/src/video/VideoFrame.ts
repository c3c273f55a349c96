/** One raw picture: every source produces these and every transport (WebRTC, JPEG, recorder) takes them. */
export interface VideoFrame {
  width: number;
  height: number;
  /** I420: Y plane, then U, then V, no row padding (width * height * 1.5 bytes). */
  data: Uint8Array;
  /** When the picture was taken, in milliseconds on the SFU's clock. */
  captureTimeMs: number;
  /** Counts up from 0 for each source start. */
  frameNumber: number;
}

export interface VideoFormat {
  width: number;
  height: number;
  fps: number;
}

export function i420Size(width: number, height: number): number {
  return width * height * 1.5;
}
