/** RGBA, 4 bytes a pixel, rows top to bottom without padding: what MediaPipe takes. */
export interface RgbaFrame {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * I420 (YUV 4:2:0 planar: Y, then U, then V, chroma at half resolution rounded up), what
 * @roamhq/wrtc's RTCVideoSink gives and RTCVideoSource takes. BT.601 limited range.
 */
export interface I420Frame {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export interface I420Layout {
  chromaWidth: number;
  chromaHeight: number;
  /** Offsets of the U and V planes in `data`. */
  uOffset: number;
  vOffset: number;
  byteLength: number;
}

export function i420Layout(width: number, height: number): I420Layout {
  const chromaWidth = (width + 1) >> 1;
  const chromaHeight = (height + 1) >> 1;
  const uOffset = width * height;
  const vOffset = uOffset + chromaWidth * chromaHeight;
  return { chromaWidth, chromaHeight, uOffset, vOffset, byteLength: vOffset + chromaWidth * chromaHeight };
}

export function checkI420(frame: I420Frame): I420Layout {
  checkSize(frame.width, frame.height);
  const layout = i420Layout(frame.width, frame.height);
  if (frame.data.length !== layout.byteLength) {
    throw new RangeError(`I420 ${frame.width}x${frame.height} needs ${layout.byteLength} bytes, got ${frame.data.length}`);
  }
  return layout;
}

export function checkRgba(frame: RgbaFrame): void {
  checkSize(frame.width, frame.height);
  const expected = frame.width * frame.height * 4;
  if (frame.data.length !== expected) {
    throw new RangeError(`RGBA ${frame.width}x${frame.height} needs ${expected} bytes, got ${frame.data.length}`);
  }
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`frame size must be positive integers, got ${width}x${height}`);
  }
}
