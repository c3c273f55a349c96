/** An I420 picture as wrtc takes and gives it: Y, then U, then V, no row padding. */
export interface RawVideoFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Anything that emits frames (a camera, the pose pipeline) as far as publishing needs. */
export interface FrameEmitter<F extends RawVideoFrame = RawVideoFrame> {
  on(event: 'frame', listener: (frame: F) => void): unknown;
  off(event: 'frame', listener: (frame: F) => void): unknown;
}
