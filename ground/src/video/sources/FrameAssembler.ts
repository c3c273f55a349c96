import { uninitializedBytes } from './uninitializedBytes.ts';

/**
 * Cuts a raw video byte stream into frames of exactly `frameSize` bytes, whatever the chunk
 * boundaries. Each frame gets its own buffer, so consumers may keep it.
 */
export class FrameAssembler {
  private frame: Uint8Array | undefined;
  private filled = 0;

  constructor(
    readonly frameSize: number,
    private readonly onFrame: (data: Uint8Array) => void,
  ) {}

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const frame = (this.frame ??= uninitializedBytes(this.frameSize));
      const n = Math.min(chunk.length - offset, this.frameSize - this.filled);
      frame.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameSize) {
        this.frame = undefined;
        this.filled = 0;
        this.onFrame(frame);
      }
    }
  }
}
